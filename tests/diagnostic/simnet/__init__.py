"""A simulated Internet on loopback for the diagnostic tests: DNS, HTTPS/HTTP and SMTP servers
in threads of the test process, on random ports of 127.0.0.x (see world.py for the domains)."""
