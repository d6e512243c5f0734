"""The acts of the evaluation set, written by hand (see generate.py for the markup)."""

# ruff: noqa: E501

SUBVENTION = {"kind": "délibération — subvention à une association", "text": """COMMUNE DE {commune}
EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL
Séance du 14 mars {year} — Délibération n° {year}-0{num}

L'an {year}, le quatorze mars à vingt heures, le Conseil municipal, légalement convoqué, s'est réuni sous la présidence de {maire_civ} ⟦PERSONNE|k|{maire}⟧, Maire.

Présents : {maire_civ} ⟦PERSONNE|k|{maire}⟧, {adj1_civ} ⟦PERSONNE|k|{adj1}⟧, {adj2_civ} ⟦PERSONNE|k|{adj2}⟧, {c1_civ} ⟦PERSONNE|k|{c1}⟧, {c2_civ} ⟦PERSONNE|k|{c2}⟧, {c3_civ} ⟦PERSONNE|k|{c3}⟧
Absents excusés : {c4_civ} ⟦PERSONNE|k|{c4}⟧ (pouvoir à {c1_civ} ⟦PERSONNE|k|{c1}⟧), {c5_civ} ⟦PERSONNE|k|{c5}⟧
Secrétaire de séance : {c2_civ} ⟦PERSONNE|k|{c2}⟧

Objet : Attribution d'une subvention exceptionnelle à l'association « Les Amis du Moulin »

{maire_civl} le Maire expose que l'association « Les Amis du Moulin », présidée par {res1_civ} ⟦PERSONNE|m|{res1}⟧, domicilié{res1_e} ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧, a sollicité une aide de {amount} € pour la restauration du moulin communal.
{res1_civ} ⟦PERSONNE|m|{res1_l}⟧ a présenté le projet lors de la commission du 2 mars. Le dossier peut être consulté en mairie.

Après en avoir délibéré, le Conseil municipal, à l'unanimité (8 voix pour), décide d'attribuer une subvention de {amount} € à l'association, versée sur le compte ⟦IBAN|m|{iban}⟧.

Fait et délibéré les jour, mois et an que dessus.
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

URBANISME = {"kind": "arrêté — permis de construire", "text": """RÉPUBLIQUE FRANÇAISE
Commune de {commune}

ARRÊTÉ N° PC 007 {num} {year} accordant un permis de construire au nom de la commune

Le Maire de {commune},
Vu la demande de permis de construire déposée le 3 février {year} par {res1_civ} ⟦PERSONNE|m|{res1}⟧, demeurant ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧,
Vu l'objet de la demande : construction d'une maison individuelle sur un terrain situé {voie2}, parcelle cadastrée section ⟦CADASTRE|m|{sec} n° {parc1}⟧,
Vu le Code de l'urbanisme, notamment ses articles L. 421-1 et suivants,
Vu le plan local d'urbanisme approuvé le 12 septembre 2019,
Vu l'avis de {res2_civ} ⟦PERSONNE|m|{res2}⟧, propriétaire de la parcelle voisine ⟦CADASTRE|m|{sec} {parc2}⟧,

ARRÊTE
Article 1 : Le permis de construire est ACCORDÉ à {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ pour le projet décrit dans la demande.
Article 2 : La clôture en limite de la propriété de {res2_civ} ⟦PERSONNE|m|{res2_t}⟧ ne dépassera pas 1,80 m.
Article 3 : Le présent arrêté peut faire l'objet d'un recours devant le tribunal administratif de Lyon, ⟦ADRESSE|k|184 rue Duguesclin, 69003 Lyon⟧, dans un délai de deux mois.

Fait à {commune}, le 28 mars {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

RH = {"kind": "arrêté — ressources humaines (avancement)", "text": """Commune de {commune}
ARRÊTÉ N° RH-{year}-{num} portant avancement d'échelon

Le Maire de la commune de {commune},
Vu le Code général de la fonction publique,
Vu le décret n° 2006-1691 du 22 décembre 2006 portant statut particulier du cadre d'emplois des adjoints techniques territoriaux,
Vu l'arrêté du 1er janvier {year} plaçant {agent_civ} ⟦PERSONNE|m|{agent}⟧, né{agent_e} le ⟦DATE_NAISSANCE|m|{dob}⟧ à Privas (07), adjoint technique territorial, au 4e échelon,
Considérant que l'intéressé{agent_e} remplit les conditions d'ancienneté requises,

ARRÊTE
Article 1 : À compter du 1er avril {year}, {agent_civ} ⟦PERSONNE|m|{agent}⟧, numéro de sécurité sociale ⟦NIR|m|{nir}⟧, est promu{agent_e} au 5e échelon (indice brut 382, indice majoré 352).
Article 2 : Le Directeur général des services est chargé de l'exécution du présent arrêté, qui sera notifié à {agent_civ} ⟦PERSONNE|m|{agent_l}⟧ et transmis au comptable public.

Fait à {commune}, le 15 mars {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧

Notifié à l'agent le ..................... Signature de l'agent :
"""}

VOIRIE = {"kind": "arrêté — voirie (occupation du domaine public)", "text": """COMMUNE DE {commune}
Arrêté municipal n° {year}-V{num} portant autorisation d'occupation temporaire du domaine public

Le Maire de {commune},
Vu le Code général des collectivités territoriales, notamment les articles L. 2212-1 et L. 2213-1,
Vu le Code de la route,
Vu la demande présentée le 2 mai {year} par {res1_civ} ⟦PERSONNE|m|{res1}⟧ (tél. ⟦TELEPHONE|m|{tel1}⟧), en vue de stationner un camion de déménagement immatriculé ⟦IMMATRICULATION|m|{plate}⟧ au droit du ⟦ADRESSE|m|{num1} {voie1}⟧,

ARRÊTE
Article 1 : {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ est autorisé{res1_e} à occuper le domaine public le 10 mai {year} de 8 h à 18 h, {voie1}.
Article 2 : La circulation sera alternée par panneaux. La signalisation sera mise en place par le pétitionnaire.
Article 3 : Monsieur le Commandant de la brigade de gendarmerie et les agents de la police municipale sont chargés de l'exécution du présent arrêté.

Fait à {commune}, le 4 mai {year}
Pour le Maire et par délégation,
L'Adjoint délégué,
⟦PERSONNE|k|{adj1}⟧
"""}

CIMETIERE = {"kind": "arrêté — concession funéraire", "text": """Mairie de {commune} — ⟦ADRESSE|k|1 place de la Mairie, {cp} {commune}⟧ — ⟦TELEPHONE|k|04 75 58 20 11⟧
ARRÊTÉ N° C-{year}-{num} portant attribution d'une concession funéraire

Le Maire de {commune},
Vu le Code général des collectivités territoriales, articles L. 2223-13 et suivants,
Vu la délibération du conseil municipal du 8 décembre 2021 fixant les tarifs des concessions,
Vu la demande formulée par {res1_civ} ⟦PERSONNE|m|{res1}⟧, domicilié{res1_e} ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧, pour l'inhumation de son père, ⟦PERSONNE|m|{res2_t}⟧, décédé le 2 février {year},

ARRÊTE
Article 1 : Il est accordé à {res1_civ} ⟦PERSONNE|m|{res1}⟧ une concession trentenaire de 2 m², carré B, emplacement n° {num}, dans le cimetière communal.
Article 2 : La somme de 250 € a été versée à la régie du cimetière.
Article 3 : Seuls pourront être inhumés les membres de la famille ⟦PERSONNE|m|{res1_l}⟧.

Fait à {commune}, le 20 février {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

CCAS = {"kind": "décision — aide sociale du CCAS", "text": """CENTRE COMMUNAL D'ACTION SOCIALE DE {commune}
Décision n° CCAS-{year}-{num} — aide facultative

Le Président du CCAS,
Vu le Code de l'action sociale et des familles,
Vu le règlement des aides facultatives adopté par le conseil d'administration le 5 janvier {year},
Vu la demande d'aide présentée par {res1_civ} ⟦PERSONNE|m|{res1}⟧, né{res1_e} le ⟦DATE_NAISSANCE|m|{dob2}⟧, demeurant ⟦ADRESSE|m|{num1} {voie1}⟧ à {commune}, joignable au ⟦TELEPHONE|m|{tel1}⟧ ou par courriel ⟦EMAIL|m|{res1_mail}⟧,
Considérant la situation de {res1_civ} ⟦PERSONNE|m|{res1_l}⟧, dont le foyer compte trois enfants, et l'avis favorable de la commission permanente du 12 avril {year},

DÉCIDE
Article 1 : Une aide exceptionnelle de 350 € est accordée à {res1_civ} ⟦PERSONNE|m|{res1}⟧ pour le paiement de sa facture d'énergie.
Article 2 : La somme sera versée directement au fournisseur. Numéro d'allocataire CAF : 4587123.

Fait à {commune}, le 15 avril {year}
Le Président du CCAS,
⟦PERSONNE|k|{maire}⟧, Maire
"""}

LOGEMENT = {"kind": "délibération — location d'un logement communal", "text": """COMMUNE DE {commune}
Délibération n° {year}-{num} — Location du logement communal situé au-dessus de l'école

Le Conseil municipal, réuni le 6 juin {year} sous la présidence de {maire_civ} ⟦PERSONNE|k|{maire}⟧,
Nombre de membres en exercice : 11 — présents : 9 — votants : 10

{adj1_civ} ⟦PERSONNE|k|{adj1}⟧, adjoint{adj1_e} chargé{adj1_e} des bâtiments, rapporte que le logement T3 situé ⟦ADRESSE|m|{num2} {voie2}⟧ est vacant depuis le départ de {res2_civ} ⟦PERSONNE|m|{res2}⟧.
Il propose de le louer à {res1_civ} ⟦PERSONNE|m|{res1}⟧, actuellement domicilié{res1_e} ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧, pour un loyer mensuel de 520 € hors charges, payable par prélèvement sur le compte ⟦IBAN|m|{iban}⟧.
Le dépôt de garantie, égal à un mois de loyer, sera versé à la signature du bail.

Après en avoir délibéré, le Conseil municipal, par 9 voix pour et 1 abstention ({c3_civ} ⟦PERSONNE|k|{c3}⟧) :
— approuve la location du logement à {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ à compter du 1er juillet {year} ;
— autorise le Maire à signer le bail.

Pour extrait conforme,
Le Maire, ⟦PERSONNE|k|{maire}⟧
"""}

PV = {"kind": "procès-verbal de séance du conseil municipal", "text": """PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL MUNICIPAL DU 26 SEPTEMBRE {year}
Commune de {commune}

Présents : ⟦PERSONNE|k|{maire}⟧ (Maire), ⟦PERSONNE|k|{adj1}⟧, ⟦PERSONNE|k|{adj2}⟧, ⟦PERSONNE|k|{c1}⟧, ⟦PERSONNE|k|{c2}⟧, ⟦PERSONNE|k|{c3}⟧
Absents excusés : ⟦PERSONNE|k|{c4}⟧, ⟦PERSONNE|k|{c5}⟧
Pouvoirs : ⟦PERSONNE|k|{c4}⟧ à ⟦PERSONNE|k|{adj2}⟧
Secrétaire de séance : ⟦PERSONNE|k|{c3}⟧

1. Approbation du procès-verbal de la séance précédente : adopté à l'unanimité.

2. Vente d'un délaissé communal
{adj2_civ} ⟦PERSONNE|k|{adj2_l}⟧ présente la demande de {res1_civ} ⟦PERSONNE|m|{res1}⟧, riverain{res1_e} du chemin des Combes, qui souhaite acquérir une bande de terrain de 85 m² jouxtant sa parcelle ⟦CADASTRE|m|{sec} {parc1}⟧. Le service des Domaines a estimé le bien à 850 €.
{c1_civ} ⟦PERSONNE|k|{c1_l}⟧ demande si le passage des engins agricoles restera possible. {adj2_civ} ⟦PERSONNE|k|{adj2_l}⟧ répond que oui.
Le conseil approuve la vente à {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ par 7 voix pour et 1 contre (⟦PERSONNE|k|{c2}⟧).

3. Questions diverses
{c3_civ} ⟦PERSONNE|k|{c3_l}⟧ signale la plainte de {res2_civ} ⟦PERSONNE|m|{res2}⟧, domicilié{res2_e} ⟦ADRESSE|m|{num2} {voie2}⟧, au sujet du bruit de la salle des fêtes. Le Maire recevra {res2_civ} ⟦PERSONNE|m|{res2_l}⟧ la semaine prochaine.

La séance est levée à 22 h 10.
Le Maire, ⟦PERSONNE|k|{maire}⟧ — La secrétaire de séance, ⟦PERSONNE|k|{c3}⟧
"""}

POLICE = {"kind": "arrêté — police (animal dangereux)", "text": """ARRÊTÉ DU MAIRE N° {year}-P{num}
portant mise en demeure relative à un chien susceptible d'être dangereux

Le Maire de {commune},
Vu le Code rural et de la pêche maritime, notamment son article L. 211-11,
Vu le rapport de la police municipale du 3 juillet {year} relatant la morsure subie par {res2_civ} ⟦PERSONNE|m|{res2}⟧, née le ⟦DATE_NAISSANCE|m|{dob}⟧, le 1er juillet {year} devant le ⟦ADRESSE|m|{num2} {voie2}⟧,
Considérant que le chien de race berger malinois appartenant à {res1_civ} ⟦PERSONNE|m|{res1}⟧, domicilié{res1_e} ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧, divague régulièrement sur la voie publique,

ARRÊTE
Article 1 : {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ est mis{res1_e} en demeure de faire procéder à l'évaluation comportementale de l'animal dans un délai de quinze jours.
Article 2 : Le présent arrêté sera notifié à l'intéressé{res1_e} et transmis à ⟦PERSONNE|k|{prefet_t}⟧, Préfet de l'Ardèche.

Fait à {commune}, le 5 juillet {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

MARCHE = {"kind": "décision du maire — marché public", "text": """DÉCISION DU MAIRE N° {year}-D{num}
Prise en vertu de la délégation consentie par le conseil municipal (article L. 2122-22 du CGCT)

Nous, ⟦PERSONNE|k|{maire}⟧, Maire de {commune},
Vu la délibération du 10 juillet 2020 portant délégation d'attributions au Maire,
Vu la consultation lancée le 4 janvier {year} pour la réfection de la toiture de l'église,
Considérant l'offre de l'entreprise Charpentes du Vivarais, représentée par son gérant {res1_civ} ⟦PERSONNE|m|{res1}⟧ (⟦EMAIL|m|{res1_mail}⟧, ⟦TELEPHONE|m|{tel1}⟧),

DÉCIDONS
Article 1 : Le marché est attribué à l'entreprise Charpentes du Vivarais, SIRET 812 345 678 00019, pour un montant de 48 650 € HT.
Article 2 : La présente décision sera inscrite au registre des décisions et communiquée au conseil municipal lors de sa prochaine séance. Pour toute question : ⟦EMAIL|k|mairie@{commune_mail}.fr⟧.

Fait à {commune}, le 2 février {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

ETAT_CIVIL = {"kind": "arrêté — délégation de fonctions d'officier d'état civil", "text": """Commune de {commune}
Arrêté n° {year}-EC{num} portant délégation de fonctions

Le Maire de la commune de {commune},
Vu les articles L. 2122-18 et R. 2122-10 du Code général des collectivités territoriales,
Vu le procès-verbal d'installation du conseil municipal du 25 mai 2020 et l'élection de {adj1_civ} ⟦PERSONNE|k|{adj1}⟧ en qualité de première adjointe,

ARRÊTE
Article 1 : Délégation est donnée à {adj1_civ} ⟦PERSONNE|k|{adj1}⟧, 1re adjointe, pour exercer les fonctions d'officier d'état civil.
Article 2 : Délégation de signature est donnée à {agent_civ} ⟦PERSONNE|m|{agent}⟧, agent administratif, né{agent_e} le ⟦DATE_NAISSANCE|m|{dob2}⟧, pour la délivrance des copies et extraits d'actes de l'état civil.
Article 3 : Ampliation sera adressée à ⟦PERSONNE|k|{prefet_t}⟧, Préfet de l'Ardèche, et au procureur de la République.

Fait à {commune}, le 2 juin {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

TERRASSE = {"kind": "arrêté — autorisation de terrasse commerciale", "text": """RÉPUBLIQUE FRANÇAISE — Département de l'Ardèche — Commune de {commune}
Arrêté n° {year}-T{num} autorisant l'installation d'une terrasse

Le Maire,
Vu le Code général de la propriété des personnes publiques, article L. 2122-1,
Vu la délibération du 15 décembre 2022 fixant les redevances d'occupation du domaine public,
Vu la demande du 12 mars {year} de {res1_civ} ⟦PERSONNE|m|{res1_t}⟧, exploitant{res1_e} du café « Le Relais », ⟦ADRESSE|m|{num1} {voie1}⟧, ⟦EMAIL|m|{res1_mail}⟧,

ARRÊTE
Article 1 : ⟦PERSONNE|m|{res1_t}⟧ est autorisé{res1_e} à installer une terrasse de 12 m² devant son établissement, du 1er avril au 31 octobre {year}.
Article 2 : La redevance annuelle est fixée à 240 €.
Article 3 : Une ampliation sera adressée à Monsieur le Préfet, ⟦PERSONNE|k|{prefet_t}⟧.

Fait à {commune}, le 20 mars {year}
Pour le Maire empêché,
La Première adjointe,
⟦PERSONNE|k|{adj1}⟧
"""}

DEV = [SUBVENTION, URBANISME, RH, VOIRIE, CIMETIERE, CCAS, LOGEMENT, PV, POLICE, MARCHE, ETAT_CIVIL,
       TERRASSE]

# --- Held-out part: other kinds of acts, never run while tuning the rules --------------------

RECRUTEMENT = {"kind": "arrêté — recrutement d'un agent contractuel", "text": """Commune de {commune}
ARRÊTÉ N° {year}-RH{num} portant recrutement d'un agent contractuel sur un emploi non permanent

Le Maire,
Vu le Code général de la fonction publique, notamment son article L. 332-23 1°,
Vu la délibération du conseil municipal du 3 avril {year} créant un emploi non permanent pour accroissement temporaire d'activité,
Vu la candidature de Madame ⟦PERSONNE|m|{res1_t}⟧, née le ⟦DATE_NAISSANCE|m|{dob2}⟧ à Aubenas, demeurant ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧,

ARRÊTE
Article 1 : Madame ⟦PERSONNE|m|{res1_t}⟧ (NIR ⟦NIR|m|{nir}⟧) est recrutée en qualité d'adjoint d'animation contractuel du 7 juillet au 29 août {year}, à temps complet.
Article 2 : L'intéressée percevra une rémunération sur la base de l'indice brut 367. Le traitement sera versé sur le compte ⟦IBAN|m|{iban}⟧.
Article 3 : Le Maire et le comptable public sont chargés de l'exécution du présent arrêté, dont ampliation sera adressée au centre de gestion.

Fait à {commune}, le 30 juin {year}
Le Maire, ⟦PERSONNE|k|{maire}⟧
Notifié à l'intéressée, qui peut être jointe au ⟦TELEPHONE|m|{tel1}⟧.
"""}

PREEMPTION = {"kind": "décision — droit de préemption urbain", "text": """DÉCISION N° {year}-DPU-{num} d'exercice du droit de préemption urbain

Le Maire de {commune},
Vu le Code de l'urbanisme, articles L. 210-1, L. 211-1 et suivants,
Vu la déclaration d'intention d'aliéner reçue le 15 janvier {year}, adressée par Maître ⟦PERSONNE|m|{res3}⟧, notaire à Tournon-sur-Rhône, concernant la vente par les consorts ⟦PERSONNE|m|{res1_l}⟧ d'un bien situé ⟦ADRESSE|m|{num1} {voie1}⟧, cadastré ⟦CADASTRE|m|{sec} {parc1}⟧ et ⟦CADASTRE|m|{sec} {parc2}⟧, au prix de 95 000 €,
Considérant le projet communal d'extension de l'école,

DÉCIDE
Article 1 : La commune exerce son droit de préemption sur le bien appartenant à {res1_civl} ⟦PERSONNE|m|{res1}⟧ et à {res2_civl} ⟦PERSONNE|m|{res2}⟧.
Article 2 : La présente décision sera notifiée à Me ⟦PERSONNE|m|{res3_l}⟧, à ⟦PERSONNE|m|{res1_t}⟧ et à l'acquéreur évincé.

Fait à {commune}, le 4 mars {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

PERIL = {"kind": "arrêté — mise en sécurité d'un immeuble", "text": """ARRÊTÉ DE MISE EN SÉCURITÉ — PROCÉDURE URGENTE — N° {year}-MS{num}

Le Maire de {commune},
Vu le Code de la construction et de l'habitation, articles L. 511-1 et suivants,
Vu le rapport de l'expert désigné par le tribunal administratif, en date du 9 novembre {year}, constatant l'effondrement partiel de la toiture de l'immeuble sis ⟦ADRESSE|m|{num1} {voie1}⟧, parcelle ⟦CADASTRE|m|{sec} {parc1}⟧,
Considérant que cet immeuble appartient à la SCI du Levant, dont le gérant est {res1_civ} ⟦PERSONNE|m|{res1}⟧, domicilié{res1_e} ⟦ADRESSE|m|{num2} {voie2}, 26000 Valence⟧,
Considérant que {res2_civ} ⟦PERSONNE|m|{res2}⟧, locataire du rez-de-chaussée, a été relogé{res2_e} en urgence,

ARRÊTE
Article 1 : Le propriétaire est mis en demeure de faire procéder sous 48 heures à l'étaiement de la toiture.
Article 2 : Le présent arrêté sera notifié à {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ par lettre recommandée et affiché sur la façade. Copie en sera adressée à {prefet_civ} ⟦PERSONNE|k|{prefet}⟧, Préfet{prefet_e} de l'Ardèche.

Fait à {commune}, le 10 novembre {year}
{maire_civl} le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

COMMUNAUTAIRE = {"kind": "extrait — conseil communautaire", "text": """COMMUNAUTÉ DE COMMUNES DU PAYS DE {commune}
EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE — Séance du 18 octobre {year}

Étaient présents : ⟦PERSONNE|k|{maire}⟧, Président ; ⟦PERSONNE|k|{adj1}⟧ et ⟦PERSONNE|k|{adj2}⟧, Vice-présidents ; ⟦PERSONNE|k|{c1}⟧, ⟦PERSONNE|k|{c2}⟧, ⟦PERSONNE|k|{c3}⟧, délégués communautaires.
Absent : ⟦PERSONNE|k|{c4}⟧ (procuration à ⟦PERSONNE|k|{c1}⟧).

Délibération n° {year}-{num} : Aide à l'installation d'un médecin généraliste
Le Président expose que le Docteur ⟦PERSONNE|m|{res1_t}⟧, médecin généraliste, s'installera à la maison de santé de {commune} au 1er janvier prochain. Une aide de 15 000 € lui sera versée en deux fois, sur présentation de justificatifs adressés à ⟦EMAIL|k|accueil@cc-pays-{commune_mail}.fr⟧.
Il est précisé que le conjoint du Dr ⟦PERSONNE|m|{res1_l}⟧, {res2_civ} ⟦PERSONNE|m|{res2}⟧, ne perçoit aucune aide.
Adopté à l'unanimité.

Le Président,
⟦PERSONNE|k|{maire}⟧
"""}

REGIE = {"kind": "décision — remboursement et fourrière", "text": """Commune de {commune}
Décision n° {year}-R{num} portant remboursement d'une location de la salle polyvalente

Le Maire de {commune},
Vu la délibération du 9 février 2023 portant délégation au Maire,
Vu le contrat de location de la salle polyvalente signé le 2 septembre {year} par {res1_civ} ⟦PERSONNE|m|{res1}⟧, ⟦ADRESSE|m|{num1} {voie1}, {cp} {commune}⟧, ⟦TELEPHONE|m|{tel1}⟧,
Considérant l'annulation de la manifestation pour cause d'intempéries,

DÉCIDE
Article 1 : La somme de 180 € sera remboursée à {res1_civ} ⟦PERSONNE|m|{res1_l}⟧ par virement sur le compte ⟦IBAN|m|{iban}⟧.
Article 2 : Le véhicule immatriculé ⟦IMMATRICULATION|m|{plate}⟧, laissé sur le parking de la salle depuis le 4 septembre, appartenant à {res2_civ} ⟦PERSONNE|m|{res2}⟧ (⟦EMAIL|m|{res2_mail}⟧), sera mis en fourrière.
Article 3 : Monsieur le Maire et le régisseur, {agent_civ} ⟦PERSONNE|m|{agent}⟧, sont chargés de l'exécution de la présente décision.

Fait à {commune}, le 15 septembre {year}
Le Maire,
⟦PERSONNE|k|{maire}⟧
"""}

HELDOUT = [RECRUTEMENT, PREEMPTION, PERIL, COMMUNAUTAIRE, REGIE]

# --- Hard part: written after the rules were tuned, in phrasings the rules were not tuned on
# (initials, names without civility or capitals, foreign names, tables, officials untitled).

HARD_MINUTES = {"kind": "compte rendu sommaire (tableau de vote)", "text": """Compte rendu sommaire du conseil municipal de {commune} du 4 avril {year}

Membres présents : ⟦PERSONNE|k|{maire_t}⟧, ⟦PERSONNE|k|{adj1_t}⟧, ⟦PERSONNE|k|{c1_t}⟧, ⟦PERSONNE|k|{c2_t}⟧.
⟦PERSONNE|k|{adj1_t}⟧ présente le compte administratif ; le maire quitte la salle pour le vote.

Vote des tarifs de la cantine
   ⟦PERSONNE|k|{c1_t}⟧ .......... pour
   ⟦PERSONNE|k|{c2_t}⟧ .......... contre

Point d'information : la famille de ⟦PERSONNE|m|Mehmet Yılmaz⟧ et ⟦PERSONNE|m|Nguyen Van Thanh⟧ ont remercié le conseil pour l'aide au relogement après l'incendie du ⟦ADRESSE|m|12, Grande Rue⟧.
"""}

HARD_INITIALS = {"kind": "arrêté — stationnement (initiales)", "text": """Arrêté n° {year}-S{num}
Le Maire de {commune} autorise M. ⟦PERSONNE|m|J.-P. {res1_l}⟧ à stationner devant le ⟦ADRESSE|m|3 bis, rue de la Fontaine⟧ du 2 au 4 mai. En cas de problème, joindre ⟦PERSONNE|m|{res1_l}⟧ au ⟦TELEPHONE|m|04-75-12-34-56⟧.
Signé : ⟦PERSONNE|k|{maire}⟧, maire.
"""}

HARD_UNTITLED = {"kind": "délibération — élus nommés sans titre", "text": """Délibération n° {year}-{num} : désignation des délégués au syndicat des eaux
Sont désignés : ⟦PERSONNE|k|{adj1_t}⟧ (titulaire) et ⟦PERSONNE|k|{adj2_t}⟧ (suppléant).
⟦PERSONNE|k|{adj2_t}⟧ précise que le syndicat se réunit quatre fois par an.
La demande de ⟦PERSONNE|m|Lucienne Fabre⟧ relative à la facturation de l'eau sera examinée par le syndicat.
"""}

HARD_SOCIAL = {"kind": "décision — aide au permis de conduire", "text": """Décision n° {year}-A{num}
Une aide de 400 € est attribuée à ⟦PERSONNE|m|{res1_t}⟧, ⟦DATE_NAISSANCE|m|{dob2}⟧ (date de naissance), résidant ⟦ADRESSE|m|résidence Les Tilleuls, bâtiment B⟧, pour le financement de son permis de conduire. Courriel : ⟦EMAIL|m|{res1_mail}⟧.
Le bénéficiaire s'engage à effectuer 35 heures de bénévolat auprès du service technique, encadré par ⟦PERSONNE|m|{agent_t}⟧, agent de maîtrise.
Fait le 3 mai {year}. Le Maire, ⟦PERSONNE|k|{maire}⟧
"""}

HARD_RIB = {"kind": "délibération — remboursement à un élu", "text": """Délibération n° {year}-{num} : remboursement de frais
Le conseil décide de rembourser à ⟦PERSONNE|k|{adj1}⟧, adjoint{adj1_e} au maire, les frais de mission engagés pour le congrès des maires (312,40 €), par virement sur le compte ⟦IBAN|m|{iban}⟧.
⟦PERSONNE|k|{adj1}⟧ ne prend pas part au vote.
"""}

HARD_NEIGHBOURS = {"kind": "décision — bornage", "text": """Décision n° {year}-B{num} — bornage contradictoire
Le géomètre procédera au bornage de la parcelle communale ⟦CADASTRE|m|{sec} {parc1}⟧, en présence des propriétaires riverains : ⟦PERSONNE|m|{res1_t}⟧ (parcelle ⟦CADASTRE|m|{sec} {parc2}⟧) et l'indivision ⟦PERSONNE|m|{res2_l}⟧.
Numéro de sécurité sociale transmis par erreur dans la demande, à ne pas conserver : ⟦NIR|m|{nir}⟧.
"""}

HARD = [HARD_MINUTES, HARD_INITIALS, HARD_UNTITLED, HARD_SOCIAL, HARD_RIB, HARD_NEIGHBOURS]
