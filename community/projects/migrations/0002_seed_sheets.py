"""The starting library of sheets, in every network schema (and in the template, so networks
cloned from it start with them). Content is data written in French for the residents, not
interface text: each network's Groupe d'Animation edits it afterwards.

Frozen here on purpose: a data migration must keep doing what it did when it first ran.
"""

from django.db import migrations

KICKOFF = [
    {
        "slug": "potager-partage",
        "title": "Potager partagé",
        "summary": (
            "Cultiver ensemble un coin de terre au pied des immeubles ou dans un jardin prêté : "
            "des légumes, des rencontres et un peu de nature près de chez soi."
        ),
        "body": (
            "Un potager partagé se lance avec quelques voisins motivés et un terrain accessible. "
            "Pas besoin d'être expert : on apprend en faisant, et les plus expérimentés "
            "transmettent.\n\n"
            "Commencez petit (quelques bacs ou une parcelle de 10 à 20 m²) : un petit jardin bien "
            "tenu donne plus envie qu'un grand terrain en friche. Pensez dès le début à l'eau, aux "
            "outils et à l'arrosage pendant les vacances."
        ),
        "steps": [
            "Réunir 3 à 5 voisins intéressés (au café-rencontre, par une annonce sur la plateforme).",
            "Trouver un terrain : demander au bailleur, au syndic, à la mairie ou à un voisin qui "
            "prête son jardin ; vérifier l'accès à l'eau et le soleil (6 heures par jour).",
            "Obtenir un accord écrit (convention d'usage) : durée, entretien, assurance.",
            "Choisir la forme : bacs surélevés (accessibles aux personnes âgées), carrés "
            "potagers ou pleine terre.",
            "Réunir outils, bois, terreau et graines : prêts et dons entre voisins, grainothèque, "
            "ressourcerie.",
            "Établir un calendrier de plantation simple et un planning d'arrosage (été, vacances).",
            "Poser un panneau qui présente le projet et invite les voisins à rejoindre le groupe.",
            "Fêter la première récolte ensemble, par exemple lors d'un café-rencontre.",
        ],
    },
    {
        "slug": "compost",
        "title": "Compostage collectif",
        "summary": (
            "Transformer les épluchures de la résidence en compost pour les jardins et les "
            "jardinières : jusqu'à un tiers de poubelle en moins."
        ),
        "body": (
            "Près d'un tiers de nos poubelles sont des déchets de cuisine et de jardin que l'on "
            "peut composter. Un composteur partagé, au pied d'un immeuble ou dans un jardin, "
            "réduit les déchets et produit un engrais gratuit.\n\n"
            "Beaucoup de collectivités fournissent gratuitement composteurs, bioseaux et "
            "formation : renseignez-vous auprès du service déchets de votre intercommunalité.\n\n"
            "Le secret d'un bon compost : équilibrer les « verts » (épluchures, marc de café) et "
            "les « bruns » (feuilles mortes, broyat, carton brun), et aérer régulièrement."
        ),
        "steps": [
            "Réunir quelques voisins volontaires et désigner 2 ou 3 « référents compost ».",
            "Contacter le service déchets de l'intercommunalité : composteur, bioseaux et "
            "formation sont souvent gratuits.",
            "Choisir l'emplacement avec le bailleur ou le syndic : à l'ombre, sur la terre, "
            "facile d'accès, loin des fenêtres.",
            "Installer trois bacs : apports, maturation, et réserve de matière sèche (feuilles, "
            "broyat).",
            "Distribuer les bioseaux et afficher au composteur « ce qui va / ce qui ne va pas ».",
            "Organiser des permanences (le samedi matin, par exemple) pour accueillir les "
            "nouveaux et brasser.",
            "Après 6 à 9 mois, tamiser et partager le compost mûr entre voisins et jardinières.",
        ],
    },
    {
        "slug": "achat-groupe",
        "title": "Achat groupé",
        "summary": (
            "Acheter ensemble auprès d'un producteur ou d'un fournisseur en partageant les frais "
            "réels : de bons produits, moins d'emballages, moins de trajets."
        ),
        "body": (
            "Un achat groupé permet de commander en plus grande quantité (fruits et légumes d'un "
            "producteur, produits d'entretien en vrac, graines, bois de chauffage…) et de se "
            "répartir le coût réel : personne ne gagne d'argent, chacun paie ce qu'il reçoit.\n\n"
            "C'est aussi une façon d'inclure les voisins qui sortent peu : un parrain ou une "
            "marraine peut commander pour eux, et la livraison se fait entre voisins.\n\n"
            "Sur la plateforme, ouvrez un « achat groupé » : chacun indique sa quantité, le montant "
            "par personne est calculé et le bon de commande s'imprime."
        ),
        "steps": [
            "Choisir le produit et le fournisseur (producteur local, coopérative, grossiste) ; "
            "demander le prix unitaire et la quantité minimale.",
            "Ouvrir l'achat groupé sur la plateforme, avec le prix, le minimum et une date limite.",
            "En parler au café-rencontre et aux parrains, pour les voisins sans internet.",
            "À la date limite, clôturer la commande et imprimer le bon de commande.",
            "Passer la commande au fournisseur et convenir du jour de livraison.",
            "Réceptionner chez un voisin ou dans un local commun, puis répartir selon la liste.",
            "Collecter les participations (les frais réels, rien de plus) et livrer les voisins "
            "qui se déplacent difficilement.",
        ],
    },
    {
        "slug": "repair-cafe",
        "title": "Journée d'auto-réparation (repair café)",
        "summary": (
            "Une demi-journée où des voisins bricoleurs aident les autres à réparer eux-mêmes "
            "leurs objets : petit électroménager, vélos, vêtements, jouets."
        ),
        "body": (
            "Réparer plutôt que jeter : dans un repair café, une bonne partie des objets apportés "
            "repartent réparés. On apprend ensemble : le réparateur bénévole guide, la personne "
            "répare avec lui. C'est gratuit ; une boîte à dons peut couvrir les petites "
            "fournitures.\n\n"
            "Commencez simple, avec trois ou quatre tables selon les talents du quartier : "
            "couture, vélo, petit électroménager, informatique."
        ),
        "steps": [
            "Recenser les voisins bricoleurs (questionnaire, café-rencontre) et choisir 3 ou 4 "
            "stands.",
            "Trouver un lieu couvert avec des prises électriques : salle commune, centre social, "
            "MJC.",
            "Fixer une date (un samedi après-midi, par exemple) et réunir l'outillage par des "
            "prêts entre voisins.",
            "Préparer une fiche d'accueil par objet et quelques consignes de sécurité (appareils "
            "débranchés, pas d'ouverture de micro-ondes).",
            "Annoncer la journée : affiches dans les halls, lettre du réseau, plateforme.",
            "Le jour venu : accueil, café, un ordre de passage par stand et un coin pour discuter "
            "pendant l'attente.",
            "Noter les objets réparés, remercier les réparateurs et fixer la prochaine date.",
        ],
    },
    {
        "slug": "collecte-solidaire",
        "title": "Collecte solidaire",
        "summary": (
            "Rassembler entre voisins vêtements, jouets, livres, denrées ou fournitures "
            "scolaires pour une association ou pour des voisins qui en ont besoin."
        ),
        "body": (
            "Une collecte réunit le quartier autour d'une cause concrète et donne une seconde vie "
            "aux objets. Choisissez une seule cause à la fois et un partenaire qui récupère les "
            "dons (association caritative, ressourcerie, banque alimentaire, école).\n\n"
            "Dites clairement ce que vous acceptez et ce que vous refusez : une liste précise "
            "évite les montagnes d'objets inutilisables."
        ),
        "steps": [
            "Choisir la cause et le partenaire qui récupère les dons ; lui demander la liste de "
            "ses besoins.",
            "Fixer les dates (une à deux semaines) et un lieu de dépôt : hall, local commun, "
            "café-rencontre.",
            "Obtenir l'accord du gestionnaire du lieu (bailleur, syndic, centre social).",
            "Diffuser une affiche claire : ce qui est accepté (en bon état) et ce qui ne l'est pas.",
            "Organiser des permanences pour recevoir, trier et ranger les dons.",
            "Proposer aux parrains d'aller chercher les dons des voisins qui se déplacent peu.",
            "Remettre les dons au partenaire et partager le résultat avec le réseau (photo, "
            "nombre de cartons).",
        ],
    },
]

AWARENESS = [
    {
        "slug": "eco-gestes-eau",
        "title": "Économiser l'eau",
        "summary": (
            "Une douche de 5 minutes, c'est environ 60 litres ; un bain, 150 à 200. Quelques "
            "gestes simples réduisent la consommation et la facture."
        ),
        "body": (
            "Chaque personne utilise en moyenne près de 150 litres d'eau potable par jour à la "
            "maison ; la douche et les toilettes en représentent plus de la moitié. Une chasse "
            "d'eau qui fuit peut gaspiller des centaines de litres par jour, sans bruit."
        ),
        "steps": [
            "Préférer une douche courte au bain, et couper l'eau pendant le savonnage.",
            "Poser un mousseur sur les robinets et une pomme de douche économe (jusqu'à deux fois "
            "moins d'eau).",
            "Repérer les fuites : relever le compteur le soir puis le matin sans rien utiliser ; "
            "il ne doit pas avoir bougé.",
            "Utiliser la petite touche de la chasse d'eau.",
            "Faire tourner lave-linge et lave-vaisselle bien remplis, en programme éco.",
            "Récupérer l'eau de pluie pour le jardin et arroser le soir, au pied des plantes.",
            "Garder l'eau de rinçage des légumes pour arroser les plantes.",
        ],
    },
    {
        "slug": "eco-gestes-energie",
        "title": "Énergie et chauffage",
        "summary": (
            "Chauffer moins mais mieux, éteindre ce qui ne sert pas : des économies réelles sans "
            "perdre en confort."
        ),
        "body": (
            "Le chauffage représente environ les deux tiers de l'énergie consommée dans un "
            "logement. Baisser la température de 1 °C, c'est environ 7 % de consommation de "
            "chauffage en moins. Les appareils laissés en veille pèsent jusqu'à un dixième de la "
            "facture d'électricité (hors chauffage)."
        ),
        "steps": [
            "Régler le chauffage à 19 °C dans les pièces à vivre, 17 °C dans les chambres, et le "
            "baisser en cas d'absence.",
            "Fermer volets et rideaux la nuit ; ne pas couvrir les radiateurs.",
            "Aérer 5 à 10 minutes par jour, fenêtres grandes ouvertes et chauffage coupé, plutôt "
            "que longtemps entrouvertes.",
            "Éteindre les appareils en veille avec une multiprise à interrupteur.",
            "Couvrir les casseroles et dégivrer régulièrement le congélateur.",
            "Laver le linge à 30 °C et le faire sécher à l'air libre.",
            "Remplacer les dernières ampoules anciennes par des LED.",
            "Se renseigner sur les aides à la rénovation (France Rénov') et en parler au bailleur "
            "ou au syndic.",
        ],
    },
    {
        "slug": "eco-gestes-dechets",
        "title": "Déchets, tri et vrac",
        "summary": (
            "Le meilleur déchet est celui qu'on ne produit pas : acheter en vrac, bien trier, "
            "composter."
        ),
        "body": (
            "Chaque habitant produit plus de 500 kg de déchets ménagers par an. Depuis 2023, "
            "tous les emballages (pots de yaourt et films plastiques compris) se trient partout "
            "en France : vérifiez les consignes de votre commune, affichées au local poubelles ou "
            "sur le site de la collectivité."
        ),
        "steps": [
            "Coller un « Stop pub » sur la boîte aux lettres.",
            "Faire ses courses avec sacs en tissu, boîtes et bocaux ; acheter en vrac ce qui s'y "
            "prête.",
            "Boire l'eau du robinet plutôt que de l'eau en bouteille.",
            "Trier tous les emballages selon les consignes de la commune ; déposer le verre au "
            "conteneur.",
            "Composter les épluchures (composteur collectif, ou lombricomposteur en appartement).",
            "Rapporter piles, ampoules, petits appareils et médicaments aux points de collecte "
            "(magasins, pharmacies).",
            "Donner ou prêter plutôt que jeter : la plateforme du réseau est faite pour cela.",
        ],
    },
    {
        "slug": "eco-gestes-alimentation",
        "title": "Alimentation locale et de saison",
        "summary": (
            "Manger des produits de saison cultivés près de chez soi : plus de goût, moins de "
            "transport, un soutien aux producteurs."
        ),
        "body": (
            "Une tomate cultivée en hiver sous serre chauffée émet plusieurs fois plus de gaz à "
            "effet de serre qu'une tomate de saison. À la maison, chacun jette encore 20 à 30 kg "
            "de nourriture par an, dont une partie encore emballée."
        ),
        "steps": [
            "Afficher dans la cuisine un calendrier des fruits et légumes de saison.",
            "Acheter au marché, à la ferme, dans une AMAP ou par un achat groupé entre voisins.",
            "Cuisiner des légumineuses (lentilles, pois chiches, haricots) plusieurs fois par "
            "semaine.",
            "Faire une liste de courses et regarder dans le réfrigérateur avant de partir.",
            "Distinguer « à consommer jusqu'au » (date à respecter) et « à consommer de "
            "préférence avant » (encore bon après).",
            "Cuisiner les restes et congeler ce qui ne sera pas mangé à temps.",
            "Partager avec les voisins les surplus du potager ou du réfrigérateur avant un départ.",
        ],
    },
    {
        "slug": "eco-gestes-mobilite",
        "title": "Mobilité douce",
        "summary": (
            "Marcher, pédaler, partager la voiture : pour les petits trajets du quotidien, c'est "
            "bon pour la santé et pour l'air du quartier."
        ),
        "body": (
            "Une grande partie des trajets en voiture font moins de 5 km, soit 15 à 20 minutes à "
            "vélo. Le covoiturage entre voisins divise les frais et crée des liens : le réseau a "
            "un thème « Covoiturage » pour se trouver."
        ),
        "steps": [
            "Faire à pied les trajets de moins d'un kilomètre (une douzaine de minutes).",
            "Essayer le vélo, ou le vélo à assistance électrique, pour les trajets de moins de "
            "5 km ; se renseigner sur les aides à l'achat.",
            "Proposer ou chercher un covoiturage sur la plateforme (travail, courses, rendez-vous "
            "médicaux).",
            "Organiser un pédibus : accompagner à tour de rôle les enfants à l'école à pied.",
            "Regrouper les courses en un seul trajet, ou les faire pour un voisin en même temps.",
            "Conduire en douceur : vitesse modérée, pneus bien gonflés, moteur coupé à l'arrêt.",
            "Organiser entre voisins un atelier d'entretien des vélos.",
        ],
    },
    {
        "slug": "eco-gestes-reemploi",
        "title": "Réemploi et réparation",
        "summary": (
            "Prêter, emprunter, réparer, acheter d'occasion : faire durer les objets, c'est moins "
            "de déchets et plus d'économies."
        ),
        "body": (
            "Une perceuse ne sert en moyenne que quelques minutes dans toute sa vie. Fabriquer un "
            "objet neuf demande bien plus de ressources que le réparer. Beaucoup d'appareils "
            "affichent un indice de réparabilité, et le « bonus réparation » réduit le prix d'une "
            "réparation chez un réparateur labellisé."
        ),
        "steps": [
            "Avant d'acheter, demander sur la plateforme si un voisin peut prêter l'objet.",
            "Proposer en prêt les outils et appareils dont on se sert rarement.",
            "Regarder l'indice de réparabilité avant d'acheter un appareil.",
            "Chercher un tutoriel ou venir à une journée d'auto-réparation avant de jeter.",
            "Profiter du bonus réparation chez un réparateur labellisé QualiRépar.",
            "Acheter d'occasion : ressourceries, recycleries, dépôts-ventes.",
            "Donner ce qui ne sert plus (vêtements, meubles, jouets) à un voisin ou à une "
            "association.",
        ],
    },
]


def seed_sheets(apps, schema_editor):
    Sheet = apps.get_model("projects", "Sheet")
    for kind, sheets in (("kickoff", KICKOFF), ("awareness", AWARENESS)):
        for position, data in enumerate(sheets, start=1):
            fields = {k: v for k, v in data.items() if k != "slug"}
            Sheet.objects.get_or_create(
                slug=data["slug"], defaults={**fields, "kind": kind, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(seed_sheets, migrations.RunPython.noop)]
