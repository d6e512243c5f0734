"""Structured logs: one JSON object per line on stderr (or readable lines with
SOCLE_LOG_FORMAT=console), for the standard library loggers Django and our code use."""

import structlog

PRE_CHAIN = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.ExtraAdder(),
]


def build_formatter(style_name: str = "json") -> structlog.stdlib.ProcessorFormatter:
    renderer = (
        structlog.dev.ConsoleRenderer(colors=False)
        if style_name == "console"
        else structlog.processors.JSONRenderer(ensure_ascii=False, default=str)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=PRE_CHAIN,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
