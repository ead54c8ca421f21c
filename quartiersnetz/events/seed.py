"""The event formats the seed names (curators may add more in the admin)."""

FORMATS = [
    ("perspektiven-werkstatt", "Perspektiven-Werkstatt", "Perspectives workshop",
     "Online-Format: Praxis-Inputs guter Beispiele und interaktiver Austausch; wechselt über "
     "Zentren, Quartiere sowie Klein- und Mittelstädte und den ländlichen Raum."),
    ("praxiswerkstatt", "Praxiswerkstatt", "Practice workshop",
     "Vor Ort: ko-kreative Formate wie Design Thinking oder Living Labs begleiten lokale Vorhaben "
     "in der Projekt- oder Prototypenentwicklung."),
    ("perspektiven-praxiswerkstatt", "Perspektiven- & Praxiswerkstatt",
     "Perspectives and practice workshop",
     "Verbindet Praxis-Inputs und Austausch mit ko-kreativer Arbeit an einem lokalen Vorhaben."),
    ("sondierungsgespraech", "Sondierungsgespräch", "Exploratory talk",
     "Gespräch mit lokalen Partnern, um ein Vorhaben und die Zusammenarbeit zu sondieren."),
]  # fmt: skip
