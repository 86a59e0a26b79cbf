"""Write ``fra.txt``: the suite's stand-in for d2l's English-French corpus (fra-eng.zip, a download),
in its layout (``English<TAB>French`` per line, short phrases first). Every pair comes from the fixed
lists below, so the file is the same on every run; 746 pairs, more than the 640 d2l's MTFraEng reads
by default. Run from anywhere: ``python tests/compat/data/fra-eng/make_fra.py``."""

from pathlib import Path

FIRST = [("Go.", "Va !"), ("Hi.", "Salut !"), ("Run!", "Cours !"), ("Wow!", "Ça alors !"),
         ("Fire!", "Au feu !"), ("Help!", "À l'aide !"), ("Stop!", "Arrête-toi !"), ("Wait!", "Attends !"),
         ("I lost.", "J'ai perdu."), ("He's calm.", "Il est calme."), ("I'm home.", "Je suis chez moi."),
         ("Go on.", "Poursuis."), ("Hello!", "Bonjour !"), ("I see.", "Je comprends."),
         ("I try.", "J'essaye."), ("I won!", "J'ai gagné !"), ("Smile.", "Souris."),
         ("Attack!", "Attaquez !"), ("Cheers!", "Santé !"), ("Get up.", "Lève-toi."),
         ("Got it!", "Compris !"), ("He ran.", "Il a couru."), ("Hop in.", "Montez."),
         ("Hug me.", "Serre-moi dans tes bras !"), ("I fell.", "Je suis tombé."), ("I know.", "Je sais."),
         ("I left.", "Je suis parti."), ("I'm OK.", "Je vais bien."), ("Listen.", "Écoutez !"),
         ("No way!", "Impossible !"), ("Hi.", "Salut."), ("Go!", "Va !"), ("Go now.", "Va maintenant."),
         ("I lost.", "J'ai échoué."), ("He's calm.", "Il est tranquille."),
         ("I'm home.", "Je suis à la maison.")]
SUBJECTS = [("I'm", "Je suis"), ("He's", "Il est"), ("She's", "Elle est"), ("We're", "Nous sommes"),
            ("You're", "Tu es"), ("They're", "Ils sont")]
ADJECTIVES = [("calm", "calme"), ("sad", "triste"), ("busy", "occupé"), ("tired", "fatigué"),
              ("happy", "heureux"), ("ready", "prêt"), ("late", "en retard"), ("home", "chez moi"),
              ("free", "libre"), ("rich", "riche"), ("sick", "malade"), ("shy", "timide"),
              ("cold", "froid"), ("hungry", "affamé"), ("old", "vieux")]
VERBS = [("I see", "Je vois"), ("He likes", "Il aime"), ("She wants", "Elle veut"),
         ("We need", "Nous avons besoin de"), ("They have", "Ils ont"), ("You found", "Tu as trouvé"),
         ("I lost", "J'ai perdu"), ("He sold", "Il a vendu")]
NOUNS = [("the dog", "le chien"), ("the cat", "le chat"), ("a car", "une voiture"),
         ("the book", "le livre"), ("a house", "une maison"), ("the key", "la clé"),
         ("some bread", "du pain"), ("the ball", "la balle"), ("a pen", "un stylo"),
         ("the map", "la carte"), ("my bag", "mon sac"), ("the door", "la porte"),
         ("a horse", "un cheval"), ("the money", "l'argent"), ("a friend", "un ami"),
         ("the box", "la boîte")]
TIMES = [("today", "aujourd'hui"), ("now", "maintenant"), ("again", "encore")]


def pairs() -> list[tuple[str, str]]:
    """Every (English, French) pair, in the file's order."""
    lines = list(FIRST)
    lines += [(f"{s} {a}.", f"{sf} {af}.") for a, af in ADJECTIVES for s, sf in SUBJECTS]
    lines += [(f"{v} {n}.", f"{vf} {nf}.") for n, nf in NOUNS for v, vf in VERBS]
    lines += [(f"{v} {n} {t}.", f"{vf} {nf} {tf}.") for t, tf in TIMES for n, nf in NOUNS for v, vf in VERBS]
    lines += [(f"{s} very {a} {t}.", f"{sf} très {af} {tf}.")
              for t, tf in TIMES for a, af in ADJECTIVES[:6] for s, sf in SUBJECTS]
    return lines


if __name__ == "__main__":
    text = "".join(f"{english}\t{french}\n" for english, french in pairs())
    (Path(__file__).resolve().parent / "fra.txt").write_text(text, encoding="utf-8")
