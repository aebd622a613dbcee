#!/usr/bin/env python3
"""Writes a synthetic, deterministic corpus for the scale benchmark (benches/scale.sh).

    python3 benches/corpus.py --laws N --out DIR            # a portal project
    python3 benches/corpus.py --laws N --hugo DIR2          # the equivalent Hugo site
    python3 benches/corpus.py --laws N --out DIR --hugo DIR2

The portal project is the real site (content/ without its law records, themes/, i18n/) plus N
synthetic law records spread over the 35 member states, in the format of
docs/content-model.md. Every synthetic record says it is synthetic: ids end with `SYN{nnnnn}`
(`{ISO3}-{year}-{type}-SYN{nnnnn}`, the id format the model requires),
slugs with `synthetic-`, sources point to example.org. Nothing here is a real law.

The Hugo site holds the same N laws in the same four languages (content/{lang}/legislation/
{iso2}/{slug}.md, the summary as body), list pages for the legislation section and each
country, and layouts that produce pages of about the size of portal's law pages.

The text is drawn from a seeded generator: the same N gives the same files, byte for byte.
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGS = ["fr", "en", "es", "pt"]
SEED = 20260807

# Language of the official texts by member state (the rest of the Americas write in Spanish).
OFFICIAL_LANGUAGE = {
    "ag": "en", "bs": "en", "bb": "en", "bz": "en", "ca": "en", "dm": "en", "gd": "en",
    "gy": "en", "jm": "en", "kn": "en", "lc": "en", "vc": "en", "tt": "en", "us": "en",
    "br": "pt", "ht": "fr", "sr": "nl",
}

TYPES = ["law", "law", "law", "decree", "regulation", "decree-law", "act", "code"]
TYPE_LETTER = {"law": "L", "decree": "D", "regulation": "R", "decree-law": "DL", "act": "A",
               "code": "C"}
TYPE_NAMES = {
    "law": {"fr": "Loi", "en": "Law", "es": "Ley", "pt": "Lei", "nl": "Wet"},
    "act": {"fr": "Loi", "en": "Act", "es": "Ley", "pt": "Lei", "nl": "Wet"},
    "decree": {"fr": "Décret", "en": "Decree", "es": "Decreto", "pt": "Decreto", "nl": "Besluit"},
    "decree-law": {"fr": "Décret-loi", "en": "Decree-Law", "es": "Decreto-Ley",
                   "pt": "Decreto-Lei", "nl": "Wetsbesluit"},
    "regulation": {"fr": "Règlement", "en": "Regulations", "es": "Reglamento",
                   "pt": "Regulamento", "nl": "Regeling"},
    "code": {"fr": "Code", "en": "Code", "es": "Código", "pt": "Código", "nl": "Wetboek"},
}
NUMBER_WORD = {"fr": "n°", "en": "No.", "es": "N°", "pt": "n.º", "nl": "nr."}
TOPICS = [
    {"fr": "sur les migrations", "en": "on Migration", "es": "de Migraciones",
     "pt": "de Migração", "nl": "inzake migratie"},
    {"fr": "relative aux travailleurs migrants", "en": "on Migrant Workers",
     "es": "sobre Trabajadores Migrantes", "pt": "sobre Trabalhadores Migrantes",
     "nl": "inzake arbeidsmigranten"},
    {"fr": "sur les réfugiés et l'asile", "en": "on Refugees and Asylum",
     "es": "sobre Refugiados y Asilo", "pt": "sobre Refugiados e Asilo",
     "nl": "inzake vluchtelingen en asiel"},
    {"fr": "contre la traite des personnes", "en": "against Trafficking in Persons",
     "es": "contra la Trata de Personas", "pt": "contra o Tráfico de Pessoas",
     "nl": "tegen mensenhandel"},
    {"fr": "sur la nationalité", "en": "on Nationality", "es": "de Nacionalidad",
     "pt": "de Nacionalidade", "nl": "inzake nationaliteit"},
    {"fr": "sur l'entrée et le séjour des étrangers", "en": "on the Entry and Stay of Aliens",
     "es": "sobre Entrada y Permanencia de Extranjeros",
     "pt": "sobre a Entrada e Permanência de Estrangeiros",
     "nl": "inzake toegang en verblijf van vreemdelingen"},
    {"fr": "sur la protection des enfants migrants", "en": "on the Protection of Migrant Children",
     "es": "de Protección de la Niñez Migrante", "pt": "de Proteção da Criança Migrante",
     "nl": "inzake bescherming van migrantenkinderen"},
    {"fr": "sur les nationaux à l'étranger", "en": "on Nationals Abroad",
     "es": "sobre Nacionales en el Exterior", "pt": "sobre Nacionais no Exterior",
     "nl": "inzake onderdanen in het buitenland"},
]
SUBJECTS = ["entry-and-stay", "migrant-workers", "refugees-and-asylum",
            "trafficking-in-persons", "migrant-smuggling", "nationals-abroad", "children", "women",
            "detention-and-due-process", "consular-protection", "nationality", "institutions"]
STATUSES = ["in-force", "in-force", "in-force", "partially-in-force", "repealed",
            "not-yet-in-force", "to-be-verified"]
CONFIDENCES = ["high", "medium-high", "medium", "low"]
RELATION_TYPES = ["amends", "amended-by", "repeals", "repealed-by", "regulates", "regulated-by"]
GAZETTES = {"es": "Diario Oficial", "en": "Official Gazette", "pt": "Diário Oficial",
            "fr": "Le Moniteur", "nl": "Staatsblad"}

# Word lists for the summaries: domain words and the function words between them, so that the
# text tokenizes, stems and compresses like real prose in each language.
WORDS = {
    "fr": """migrants travailleurs familles droits protection séjour permis régularisation frontière
        asile réfugiés traite personnes enfants femmes détention procédure garanties consulaire
        nationalité institutions ministère direction autorité résidence temporaire permanente
        emploi contrat salaire sécurité sociale santé éducation accès justice recours expulsion
        éloignement retour réintégration coopération régionale accord bilatéral État partie
        convention interaméricaine commission programme mandat rapport registre données statistique
        délai demande décision administrative tribunal appel document identité visa entrée sortie
        territoire national étranger égalité traitement discrimination victimes assistance
        hébergement interprète avocat mineur non accompagné tuteur regroupement familial""",
    "en": """migrants workers families rights protection stay permit regularization border asylum
        refugees trafficking persons children women detention procedure safeguards consular
        nationality institutions ministry department authority residence temporary permanent
        employment contract wages social security health education access justice remedy removal
        deportation return reintegration cooperation regional agreement bilateral State party
        convention inter-American commission programme mandate report register data statistics
        period application decision administrative court appeal document identity visa entry exit
        territory national alien equality treatment discrimination victims assistance shelter
        interpreter counsel minor unaccompanied guardian family reunification""",
    "es": """migrantes trabajadores familias derechos protección permanencia permiso regularización
        frontera asilo refugiados trata personas niños mujeres detención procedimiento garantías
        consular nacionalidad instituciones ministerio dirección autoridad residencia temporal
        permanente empleo contrato salario seguridad social salud educación acceso justicia recurso
        expulsión deportación retorno reintegración cooperación regional acuerdo bilateral Estado
        parte convención interamericana comisión programa mandato informe registro datos
        estadística plazo solicitud decisión administrativa tribunal apelación documento identidad
        visa ingreso egreso territorio nacional extranjero igualdad trato discriminación víctimas
        asistencia albergue intérprete abogado menor no acompañado tutor reunificación familiar""",
    "pt": """migrantes trabalhadores famílias direitos proteção permanência autorização
        regularização fronteira asilo refugiados tráfico pessoas crianças mulheres detenção
        procedimento garantias consular nacionalidade instituições ministério direção autoridade
        residência temporária permanente emprego contrato salário seguridade social saúde educação
        acesso justiça recurso expulsão deportação retorno reintegração cooperação regional acordo
        bilateral Estado parte convenção interamericana comissão programa mandato relatório
        registro dados estatística prazo requerimento decisão administrativa tribunal apelação
        documento identidade visto entrada saída território nacional estrangeiro igualdade
        tratamento discriminação vítimas assistência abrigo intérprete advogado menor
        desacompanhado tutor reunião familiar""",
}
FUNCTION_WORDS = {
    "fr": "de la le les des et en pour avec par que se sa son leurs du aux dans sur qui est sont",
    "en": "of the and in for with by that its their to on at which is are from under as",
    "es": "de la el los las y en para con por que se su sus del al sobre cual es son",
    "pt": "de a o os as e em para com por que se sua seus do da ao sobre qual é são",
}
OPENING = {
    "fr": "Ce texte synthétique du corpus de test ({id}) porte sur {topic}.",
    "en": "This synthetic benchmark record ({id}) concerns {topic}.",
    "es": "Este registro sintético de prueba ({id}) trata {topic}.",
    "pt": "Este registro sintético de teste ({id}) trata {topic}.",
}
TOPIC_PLAIN = {
    "fr": ["les migrations", "les travailleurs migrants", "les réfugiés et l'asile",
           "la traite des personnes", "la nationalité", "l'entrée et le séjour des étrangers",
           "la protection des enfants migrants", "les nationaux à l'étranger"],
    "en": ["migration", "migrant workers", "refugees and asylum", "trafficking in persons",
           "nationality", "the entry and stay of aliens", "the protection of migrant children",
           "nationals abroad"],
    "es": ["las migraciones", "los trabajadores migrantes", "los refugiados y el asilo",
           "la trata de personas", "la nacionalidad", "la entrada y permanencia de extranjeros",
           "la protección de la niñez migrante", "los nacionales en el exterior"],
    "pt": ["as migrações", "os trabalhadores migrantes", "os refugiados e o asilo",
           "o tráfico de pessoas", "a nacionalidade", "a entrada e permanência de estrangeiros",
           "a proteção da criança migrante", "os nacionais no exterior"],
}
NOTE = {
    "fr": "Enregistrement synthétique : aucune source réelle, à vérifier.",
    "en": "Synthetic record: no real source, to be verified.",
    "es": "Registro sintético: sin fuente real, por verificar.",
    "pt": "Registro sintético: sem fonte real, a verificar.",
}


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def countries() -> list[tuple[str, str, dict[str, str]]]:
    """(iso2, iso3, names) of the member states, in the order of content/countries.yaml."""
    text = (REPO / "content" / "countries.yaml").read_text(encoding="utf-8")
    out = []
    for block in re.split(r"^- ", text, flags=re.M)[1:]:
        iso2 = re.search(r'^iso2:\s*"?([a-z]{2})"?', block, re.M).group(1)
        iso3 = re.search(r'^\s*iso3:\s*"?([A-Z]{3})"?', block, re.M).group(1)
        names = {}
        name = re.search(r"^\s*name:\s*\n((?:\s{4}\w\w:.*\n)+)", block, re.M)
        for line in name.group(1).splitlines():
            key, value = line.strip().split(":", 1)
            names[key] = value.strip().strip('"')
        out.append((iso2, iso3, names))
    return out


def sentence(rng: random.Random, lang: str) -> str:
    words = WORDS[lang].split()
    small = FUNCTION_WORDS[lang].split()
    n = rng.randint(9, 18)
    out = []
    for i in range(n):
        out.append(rng.choice(small) if i % 2 else rng.choice(words))
    if n > 10:
        out[rng.randint(3, n - 3)] += ","
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def summary(rng: random.Random, lang: str, law_id: str, topic: int) -> str:
    """About 80 to 200 words in two paragraphs."""
    target = rng.randint(80, 200)
    first = [OPENING[lang].format(id=law_id, topic=TOPIC_PLAIN[lang][topic])]
    count = len(first[0].split())
    paragraphs = [first]
    while count < target:
        s = sentence(rng, lang)
        if len(paragraphs) == 1 and count > target // 2:
            paragraphs.append([])
        paragraphs[-1].append(s)
        count += len(s.split())
    return "\n\n".join(" ".join(p) for p in paragraphs)


def date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_laws(n: int) -> list[dict]:
    """The N synthetic laws, as plain data shared by both writers."""
    rng = random.Random(SEED)
    states = countries()
    laws = []
    per_country: dict[str, list[str]] = {}
    for i in range(1, n + 1):
        iso2, iso3, names = states[(i - 1) % len(states)]
        original = OFFICIAL_LANGUAGE.get(iso2, "es")
        law_type = rng.choice(TYPES)
        year = rng.randint(1950, 2025)
        number = f"{rng.randint(1, 999)}/{year}" if law_type != "code" else None
        topic = rng.randrange(len(TOPICS))
        slug = f"synthetic-{i:05d}"
        law_id = f"{iso3}-{year}-{TYPE_LETTER[law_type]}-SYN{i:05d}"

        def title(lang: str) -> str:
            parts = [TYPE_NAMES[law_type][lang]]
            if number:
                parts += [NUMBER_WORD[lang], number]
            parts.append(TOPICS[topic][lang])
            return " ".join(parts) + " (synthetic)"

        adopted = date(rng, year)
        dates = {"adopted": adopted}
        if rng.random() < 0.7:
            dates["promulgated"] = f"{year}-{adopted[5:7]}-{min(28, int(adopted[8:]) + 3):02d}"
        if rng.random() < 0.5:
            dates["published"] = date(rng, min(year + 1, 2025))
        relations = []
        earlier = per_country.get(iso2, [])
        if earlier and rng.random() < 0.5:
            relations.append({"type": rng.choice(RELATION_TYPES),
                              "title": f"Synthetic record {earlier[-1]}",
                              "law": f"{iso2}/{earlier[-1]}"})
        if rng.random() < 0.4:
            relations.append({"type": rng.choice(RELATION_TYPES),
                              "title": f"{TYPE_NAMES['decree'][original]} {rng.randint(1, 999)}/"
                                       f"{year + rng.randint(1, 10)}",
                              "date": str(year + rng.randint(1, 10))})
        subjects = sorted(set(rng.sample(SUBJECTS, rng.randint(1, 3))), key=SUBJECTS.index)
        summaries = {lang: summary(rng, lang, law_id, topic) for lang in LANGS}
        sources = [{"url": f"https://example.org/synthetic/{iso2}/{slug}",
                    "title": "Synthetic benchmark source (example.org)"}]
        if rng.random() < 0.5:
            sources.append({"url": f"https://example.org/synthetic/{iso2}/{slug}/gazette",
                            "title": f"{GAZETTES[original]} (synthetic copy)"})
        verified = date(rng, 2026)
        laws.append({
            "iso2": iso2, "iso3": iso3, "country_names": names, "slug": slug, "id": law_id,
            "original_title": title(original), "original_language": original,
            "title": {lang: title(lang) for lang in LANGS if lang != original},
            "type": law_type, "number": number, "dates": dates,
            "gazette": GAZETTES[original] if rng.random() < 0.6 else None,
            "status": rng.choice(STATUSES), "relations": relations, "subjects": subjects,
            "summary": summaries, "sources": sources,
            "confidence": rng.choice(CONFIDENCES),
            "confidence_note": NOTE if rng.random() < 0.2 else None,
            "verified": verified, "updated": verified,
        })
        per_country.setdefault(iso2, []).append(slug)
    return laws


def law_yaml(law: dict) -> str:
    out = [f"# Synthetic record of the scale benchmark (benches/corpus.py): not a real law.",
           f"id: {q(law['id'])}",
           f"original_title: {q(law['original_title'])}",
           f"original_language: {q(law['original_language'])}",
           "title:"]
    out += [f"  {lang}: {q(text)}" for lang, text in law["title"].items()]
    out.append(f"type: {q(law['type'])}")
    if law["number"]:
        out.append(f"number: {q(law['number'])}")
    out.append("dates:")
    out += [f"  {key}: {q(value)}" for key, value in law["dates"].items()]
    if law["gazette"]:
        out.append(f"gazette: {q(law['gazette'])}")
    out.append(f"status: {q(law['status'])}")
    if law["status"] != "to-be-verified":
        out += ["status_source:", f"  url: {q(law['sources'][0]['url'])}"]
    if law["relations"]:
        out.append("relations:")
        for r in law["relations"]:
            out.append(f"  - type: {q(r['type'])}")
            out.append(f"    title: {q(r['title'])}")
            if "date" in r:
                out.append(f"    date: {q(r['date'])}")
            if "law" in r:
                out.append(f"    law: {q(r['law'])}")
    out.append("subjects: [" + ", ".join(q(s) for s in law["subjects"]) + "]")
    out.append("summary:")
    out += [f"  {lang}: {q(text)}" for lang, text in law["summary"].items()]
    out.append("sources:")
    for s in law["sources"]:
        out += [f"  - url: {q(s['url'])}", f"    title: {q(s['title'])}", "    official: false"]
    out.append(f"confidence: {q(law['confidence'])}")
    if law["confidence_note"]:
        out.append("confidence_note:")
        out += [f"  {lang}: {q(text)}" for lang, text in law["confidence_note"].items()]
    out.append(f"verified: {q(law['verified'])}")
    out.append(f"updated: {q(law['updated'])}")
    return "\n".join(out) + "\n"


def fresh_dir(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


def write_portal(laws: list[dict], out: Path) -> int:
    fresh_dir(out)
    # The real site without its law records: the N synthetic laws are the whole compilation.
    shutil.copytree(REPO / "content", out / "content",
                    ignore=lambda d, names: [n for n in names
                                             if Path(d).parent.name == "legislation"
                                             and n.endswith(".yaml")])
    shutil.copytree(REPO / "themes", out / "themes")
    shutil.copytree(REPO / "i18n", out / "i18n")
    for law in laws:
        folder = out / "content" / "legislation" / law["iso2"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{law['slug']}.yaml").write_text(law_yaml(law), encoding="utf-8")
    return len(laws)


# --- Hugo -----------------------------------------------------------------------------------

HUGO_STRINGS = {
    "fr": {"skip": "Aller au contenu", "org": "Organisation des États américains",
           "legislation": "Législation", "home": "Accueil", "country": "Pays", "type": "Type",
           "number": "Numéro", "status": "Statut", "adopted": "Adoptée", "summary": "Résumé",
           "sources": "Sources", "id": "Identifiant", "unofficial": "Traduction non officielle",
           "cite": "Citer comme", "search": "Rechercher", "languages": "Langues",
           "updated": "Mis à jour le", "subjects": "Thèmes", "confidence": "Confiance"},
    "en": {"skip": "Skip to content", "org": "Organization of American States",
           "legislation": "Legislation", "home": "Home", "country": "Country", "type": "Type",
           "number": "Number", "status": "Status", "adopted": "Adopted", "summary": "Summary",
           "sources": "Sources", "id": "Record id", "unofficial": "Unofficial translation",
           "cite": "Cite as", "search": "Search", "languages": "Languages",
           "updated": "Updated", "subjects": "Subjects", "confidence": "Confidence"},
    "es": {"skip": "Ir al contenido", "org": "Organización de los Estados Americanos",
           "legislation": "Legislación", "home": "Inicio", "country": "País", "type": "Tipo",
           "number": "Número", "status": "Estado", "adopted": "Adoptada", "summary": "Resumen",
           "sources": "Fuentes", "id": "Identificador", "unofficial": "Traducción no oficial",
           "cite": "Citar como", "search": "Buscar", "languages": "Idiomas",
           "updated": "Actualizado", "subjects": "Temas", "confidence": "Confianza"},
    "pt": {"skip": "Ir para o conteúdo", "org": "Organização dos Estados Americanos",
           "legislation": "Legislação", "home": "Início", "country": "País", "type": "Tipo",
           "number": "Número", "status": "Situação", "adopted": "Adotada", "summary": "Resumo",
           "sources": "Fontes", "id": "Identificador", "unofficial": "Tradução não oficial",
           "cite": "Citar como", "search": "Pesquisar", "languages": "Idiomas",
           "updated": "Atualizado", "subjects": "Temas", "confidence": "Confiança"},
}
MENU = ["programme", "summits", "resolutions", "activities", "legislation", "events", "search"]
LANG_NAMES = {"fr": "Français", "en": "English", "es": "Español", "pt": "Português"}

HUGO_BASEOF = """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .Params.description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}{{ with index (where .AllTranslations "Language.Lang" "fr") 0 }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">{{ end }}
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
{{ with .Params.description }}<meta property="og:description" content="{{ . }}">{{ end }}
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="{{ .Language.Lang }}">
<link rel="stylesheet" href="{{ "style.css" | absURL }}">
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip-link" href="#main">{{ i18n "skip" }}</a>
<header class="site-header">
  <div class="wrap header-top">
    <a class="brand" href="{{ site.Home.RelPermalink }}">
      <span class="brand-org">{{ i18n "org" }}</span>
      <span class="brand-title">{{ site.Title }}</span>
    </a>
    <nav class="languages" aria-label="{{ i18n "languages" }}">
      <ul>
        <li><span aria-current="true" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</span></li>
      {{ range .Translations }}
        <li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}" rel="alternate">{{ .Language.LanguageName }}</a></li>
      {{ end }}
      </ul>
    </nav>
  </div>
  <div class="wrap header-bottom">
    <nav class="menu" aria-label="menu">
      <ul>
      {{ range site.Menus.main }}
        <li><a href="{{ .URL | relLangURL }}">{{ .Name }}</a></li>
      {{ end }}
      </ul>
    </nav>
    <form class="search-box" role="search" action="{{ "search/" | relLangURL }}" method="get">
      <label for="header-q" class="visually-hidden">{{ i18n "search" }}</label>
      <input id="header-q" name="q" type="search" autocomplete="off" placeholder="{{ i18n "search" }}">
      <button type="submit">{{ i18n "search" }}</button>
    </form>
  </div>
</header>
{{ if not .IsHome }}
<nav class="breadcrumbs wrap" aria-label="breadcrumbs">
  <ol>
  {{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
    <li><span aria-current="page">{{ .Title }}</span></li>
  </ol>
</nav>
{{ end }}
<main id="main" class="wrap" tabindex="-1" data-pagefind-body>
{{ block "main" . }}{{ end }}
{{ with .Params.updated }}<p class="updated">{{ i18n "updated" }} <time datetime="{{ . }}">{{ . }}</time></p>{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p class="footer-title">{{ site.Title }}</p>
    <p>{{ site.Params.tagline }}</p>
    <p class="disclaimer">{{ site.Params.disclaimer }}</p>
  </div>
</footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "head" }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Legislation" "name" .Params.original_title "alternateName" .Params.alternate_names "identifier" .Params.record_id "legislationType" .Params.law_type "dateModified" .Params.updated "legislationLegalForce" .Params.status "legislationIdentifier" .Params.record_id "inLanguage" .Params.original_language "url" .Permalink | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}
<article class="article law">
  <h1><span lang="{{ .Params.original_language }}">{{ .Params.original_title }}</span></h1>
  {{ if ne .Params.original_language .Language.Lang }}<p class="translated-title">{{ i18n "unofficial" }}: {{ .Title }}</p>{{ end }}
  <dl class="facts">
    <dt>{{ i18n "country" }}</dt><dd><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></dd>
    <dt>{{ i18n "type" }}</dt><dd>{{ .Params.law_type }}</dd>
    {{ with .Params.number }}<dt>{{ i18n "number" }}</dt><dd>{{ . }}</dd>{{ end }}
    {{ range $k, $v := .Params.dates }}<dt>{{ $k }}</dt><dd><time datetime="{{ $v }}">{{ $v }}</time></dd>{{ end }}
    {{ with .Params.gazette }}<dt>Gazette</dt><dd>{{ . }}</dd>{{ end }}
    <dt>{{ i18n "status" }}</dt><dd><span class="status status-{{ .Params.status }}">{{ .Params.status }}</span></dd>
    {{ with .Params.subjects }}<dt>{{ i18n "subjects" }}</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
    <dt>{{ i18n "id" }}</dt><dd><code>{{ .Params.record_id }}</code></dd>
    <dt>{{ i18n "confidence" }}</dt><dd><span class="confidence confidence-{{ .Params.confidence }}">{{ .Params.confidence }}</span></dd>
    <dt>{{ i18n "updated" }}</dt><dd><time datetime="{{ .Params.verified }}">{{ .Params.verified }}</time></dd>
  </dl>
  <h2>{{ i18n "summary" }}</h2>
  <div class="prose">{{ .Content }}</div>
  {{ with .Params.relations }}<h2>Relations</h2>
  <ul class="relations">{{ range . }}<li><span class="relation">{{ .type }}</span>: {{ .title }}{{ with .date }} ({{ . }}){{ end }}</li>{{ end }}</ul>{{ end }}
  <section class="sources"><h2>{{ i18n "sources" }}</h2>
  <ul>{{ range .Params.sources }}<li><a href="{{ .url }}" rel="noopener">{{ .title }}</a></li>{{ end }}</ul></section>
  <section class="cite" aria-labelledby="cite-title">
    <h2 id="cite-title">{{ i18n "cite" }}</h2>
    <p class="cite-text">{{ .Params.original_title }} ({{ .Params.record_id }}). {{ site.Title }}, {{ .Permalink }}</p>
  </section>
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Sections }}<ul class="countries">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
{{ with .RegularPages }}<table class="laws"><thead><tr><th>{{ i18n "legislation" }}</th><th>{{ i18n "type" }}</th><th>{{ i18n "adopted" }}</th><th>{{ i18n "status" }}</th></tr></thead><tbody>
{{ range .ByTitle }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.law_type }}</td><td>{{ .Params.dates.adopted }}</td><td>{{ .Params.status }}</td></tr>
{{ end }}</tbody></table>{{ end }}
{{ end }}
"""

HUGO_HOME = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""


def yaml_front(data: dict) -> str:
    lines = ["---"]
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {q(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                first = True
                for k, v in item.items():
                    lines.append(f"  {'- ' if first else '  '}{k}: {q(v)}")
                    first = False
        elif isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(q(v) for v in value) + "]")
        else:
            lines.append(f"{key}: {q(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def description(text: str, limit: int = 200) -> str:
    """The first words of a summary, as portal's meta description."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def write_hugo(laws: list[dict], out: Path) -> int:
    fresh_dir(out)
    site_yaml = (REPO / "content" / "site.yaml").read_text(encoding="utf-8")

    def localized(field: str) -> dict[str, str]:
        block = re.search(rf"^{field}:\s*\n((?:\s+\w\w:.*\n)+)", site_yaml, re.M).group(1)
        pairs = (line.strip().split(":", 1) for line in block.splitlines())
        return {k: json.loads(v.strip()) for k, v in pairs}

    titles, taglines = localized("title"), localized("tagline")
    # The portal's own interface strings, for the menu and the footer.
    portal_strings = {}
    for lang in LANGS:
        text = (REPO / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8")
        portal_strings[lang] = {m.group(1): json.loads(m.group(2))
                                for m in re.finditer(r'^(\w+): (".*")$', text, re.M)}
    config = ['baseURL = "https://migrants.example.org/"',
              'defaultContentLanguage = "fr"', "defaultContentLanguageInSubdir = true",
              'disableKinds = ["taxonomy", "term", "RSS"]', "",
              "[markup.goldmark.renderer]", "unsafe = false", ""]
    for weight, lang in enumerate(LANGS, 1):
        config += [f"[languages.{lang}]", f'languageName = "{LANG_NAMES[lang]}"',
                   f"weight = {weight}", f'contentDir = "content/{lang}"',
                   f"title = {q(titles[lang])}", f"[languages.{lang}.params]",
                   f"tagline = {q(taglines[lang])}",
                   f"disclaimer = {q(portal_strings[lang]['footer_disclaimer'])}", ""]
        for weight_, section in enumerate(MENU, 1):
            config += [f"[[languages.{lang}.menus.main]]",
                       f"name = {q(portal_strings[lang]['section_' + section])}",
                       f'url = "{section}/"', f"weight = {weight_}", ""]
    (out / "hugo.toml").write_text("\n".join(config), encoding="utf-8")
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (out / "layouts" / "index.html").write_text(HUGO_HOME, encoding="utf-8")
    (out / "i18n").mkdir()
    for lang in LANGS:
        strings = "".join(f"{k}:\n  other: {q(v)}\n" for k, v in HUGO_STRINGS[lang].items())
        (out / "i18n" / f"{lang}.yaml").write_text(strings, encoding="utf-8")
    # The same stylesheet, unbundled (Hugo has no CSS bundler without Hugo Pipes + PostCSS).
    (out / "static").mkdir()
    css = "".join(p.read_text(encoding="utf-8")
                  for p in sorted((REPO / "themes" / "default" / "css").glob("*.css")))
    (out / "static" / "style.css").write_text(css, encoding="utf-8")

    seen_countries = set()
    for lang in LANGS:
        root = out / "content" / lang
        (root / "legislation").mkdir(parents=True)
        (root / "_index.md").write_text(yaml_front({"title": titles[lang]}) + "\n"
                                        + taglines[lang] + "\n", encoding="utf-8")
        intro = REPO / "content" / "legislation" / f"_index.{lang}.md"
        body = intro.read_text(encoding="utf-8").split("---", 2)[2] if intro.exists() else ""
        (root / "legislation" / "_index.md").write_text(
            yaml_front({"title": HUGO_STRINGS[lang]["legislation"]}) + body, encoding="utf-8")
    for law in laws:
        for lang in LANGS:
            folder = out / "content" / lang / "legislation" / law["iso2"]
            if (lang, law["iso2"]) not in seen_countries:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "_index.md").write_text(
                    yaml_front({"title": law["country_names"][lang]}), encoding="utf-8")
                seen_countries.add((lang, law["iso2"]))
            title = (law["original_title"] if lang == law["original_language"]
                     else law["title"][lang])
            front = {
                "title": title, "original_title": law["original_title"],
                "original_language": law["original_language"], "record_id": law["id"],
                "law_type": law["type"], "number": law["number"], "dates": law["dates"],
                "gazette": law["gazette"], "status": law["status"],
                "relations": [{k: v for k, v in r.items() if k != "law"}
                              for r in law["relations"]] or None,
                "subjects": law["subjects"], "sources": law["sources"],
                "confidence": law["confidence"], "verified": law["verified"],
                "updated": law["updated"],
                "summary": law["summary"][lang].split("\n\n")[0],
                "description": description(law["summary"][lang]),
                "alternate_names": list(law["title"].values()),
            }
            (folder / f"{law['slug']}.md").write_text(
                yaml_front(front) + "\n" + law["summary"][lang] + "\n", encoding="utf-8")
    return len(laws)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laws", type=int, required=True, help="number of synthetic laws")
    parser.add_argument("--out", type=Path, help="write the portal project here")
    parser.add_argument("--hugo", type=Path, help="write the equivalent Hugo site here")
    args = parser.parse_args()
    if not args.out and not args.hugo:
        parser.error("give --out, --hugo or both")
    laws = make_laws(args.laws)
    if args.out:
        write_portal(laws, args.out)
        print(f"portal project with {len(laws)} synthetic laws in {args.out}")
    if args.hugo:
        write_hugo(laws, args.hugo)
        print(f"Hugo site with {len(laws)} synthetic laws in {args.hugo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
