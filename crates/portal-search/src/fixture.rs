//! A small corpus in each language and a list of queries over it. The crate's tests use it, and
//! so does the browser engine's Node test (through the `write_fixture_pack` example), which
//! checks that the wasm engine answers exactly as the native one.
//!
//! The texts summarise facts from the project's checked facts (laws of the compilation); they are
//! test data, not site content.

use crate::{Document, Kind, Lang, Query};

fn doc(
    url: &str,
    title: &str,
    body: &str,
    kind: Kind,
    country: Option<&str>,
    region: Option<&str>,
    year: Option<u16>,
) -> Document {
    Document {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        kind,
        country: country.map(Into::into),
        region: region.map(Into::into),
        year,
        // Every law of the fixture is filed, as in content/legislation, under entry and stay.
        subjects: match kind {
            Kind::Law => vec!["entry-and-stay".into()],
            _ => Vec::new(),
        },
    }
}

const SA: Option<&str> = Some("south-america");
const CA: Option<&str> = Some("central-america");
const NA: Option<&str> = Some("north-america");

/// The fixture corpus of `lang`: laws of Argentina (Ley 25.871), Honduras (Decreto 208-2003),
/// Chile (Ley 21.325), Brazil (Lei 13.445) and Mexico, plus a programme page, an event on
/// trafficking in persons and an activity, written in that language.
pub fn corpus(lang: Lang) -> Vec<Document> {
    use Kind::*;
    match lang {
        Lang::Es => vec![
            doc(
                "/es/legislation/ar/ley-25871/",
                "Ley de Migraciones N° 25.871 (Argentina)",
                "La Ley de Migraciones de Argentina fue sancionada el 17 de diciembre de 2003 y reglamentada por el Decreto 616/2010. Reconoce la migración como un derecho esencial de la persona.",
                Law,
                Some("ar"),
                SA,
                Some(2003),
            ),
            doc(
                "/es/legislation/hn/decreto-208-2003/",
                "Ley de Migración y Extranjería (Honduras)",
                "Decreto No. 208-2003, publicado en La Gaceta el 3 de marzo de 2004. Regula la entrada, la permanencia y la salida de personas extranjeras.",
                Law,
                Some("hn"),
                CA,
                Some(2003),
            ),
            doc(
                "/es/legislation/cl/ley-21325/",
                "Ley N° 21.325, Ley de Migración y Extranjería (Chile)",
                "Promulgada el 11 de abril de 2021 y publicada en el Diario Oficial el 20 de abril de 2021. Su reglamento es el DS 296.",
                Law,
                Some("cl"),
                SA,
                Some(2021),
            ),
            doc(
                "/es/legislation/mx/ley-de-migracion/",
                "Ley de Migración (México)",
                "Publicada en el Diario Oficial de la Federación el 25 de mayo de 2011. Protege los derechos de la persona migrante en tránsito.",
                Law,
                Some("mx"),
                NA,
                Some(2011),
            ),
            doc(
                "/es/legislation/br/lei-13445/",
                "Lei de Migração n° 13.445 (Brasil)",
                "Ley brasileña del 24 de mayo de 2017 que derogó el Estatuto do Estrangeiro, Lei 6.815/1980.",
                Law,
                Some("br"),
                SA,
                Some(2017),
            ),
            doc(
                "/es/programme/",
                "Programa Interamericano para la promoción de los derechos humanos de los migrantes",
                "El programa promueve los derechos humanos de los trabajadores migratorios y sus familias en las Américas. Argentina, Chile y México participan en sus actividades.",
                Page,
                None,
                None,
                None,
            ),
            doc(
                "/es/events/trata-de-personas/",
                "Reunión hemisférica sobre trata de personas",
                "Reunión de la OEA y la OIM sobre la trata de personas y el tráfico ilícito de migrantes. La trata de personas es un delito grave.",
                Event,
                None,
                None,
                Some(2025),
            ),
            doc(
                "/es/activities/cidh/",
                "Actividades de la CIDH sobre movilidad humana",
                "La Comisión Interamericana de Derechos Humanos sigue la situación de las personas en contexto de movilidad humana, incluida la trata.",
                Activity,
                None,
                None,
                Some(2024),
            ),
        ],
        Lang::Fr => vec![
            doc(
                "/fr/legislation/ar/ley-25871/",
                "Loi sur les migrations n° 25.871 (Argentine)",
                "La loi argentine sur les migrations a été adoptée le 17 décembre 2003 et réglementée par le décret 616/2010. Elle reconnaît la migration comme un droit essentiel de la personne.",
                Law,
                Some("ar"),
                SA,
                Some(2003),
            ),
            doc(
                "/fr/legislation/hn/decreto-208-2003/",
                "Loi sur la migration et les étrangers (Honduras)",
                "Décret n° 208-2003, publié à La Gaceta le 3 mars 2004. Il régit l'entrée, le séjour et la sortie des étrangers.",
                Law,
                Some("hn"),
                CA,
                Some(2003),
            ),
            doc(
                "/fr/legislation/cl/ley-21325/",
                "Loi n° 21.325 sur la migration et les étrangers (Chili)",
                "Promulguée le 11 avril 2021 et publiée au Diario Oficial le 20 avril 2021.",
                Law,
                Some("cl"),
                SA,
                Some(2021),
            ),
            doc(
                "/fr/legislation/mx/ley-de-migracion/",
                "Loi sur la migration (Mexique)",
                "Publiée au Diario Oficial de la Federación le 25 mai 2011. Elle protège les droits de la personne migrante en transit.",
                Law,
                Some("mx"),
                NA,
                Some(2011),
            ),
            doc(
                "/fr/programme/",
                "Programme interaméricain pour la promotion des droits humains des migrants",
                "Le programme promeut les droits humains des travailleurs migrants et de leurs familles dans les Amériques. L'Argentine, le Chili et le Mexique participent à ses activités.",
                Page,
                None,
                None,
                None,
            ),
            doc(
                "/fr/events/traite-des-personnes/",
                "Réunion hémisphérique sur la traite des personnes",
                "Réunion de l'OEA et de l'OIM sur la traite des personnes et le trafic illicite de migrants. La traite des personnes est un crime grave.",
                Event,
                None,
                None,
                Some(2025),
            ),
        ],
        Lang::En => vec![
            doc(
                "/en/legislation/ar/ley-25871/",
                "Migration Law No. 25.871 (Argentina)",
                "Argentina's migration law was sanctioned on 17 December 2003 and regulated by Decree 616/2010. It recognises migration as an essential right of the person.",
                Law,
                Some("ar"),
                SA,
                Some(2003),
            ),
            doc(
                "/en/legislation/hn/decreto-208-2003/",
                "Migration and Aliens Law (Honduras)",
                "Decree No. 208-2003, published in La Gaceta on 3 March 2004. It governs the entry, stay and departure of foreigners.",
                Law,
                Some("hn"),
                CA,
                Some(2003),
            ),
            doc(
                "/en/legislation/ca/irpa/",
                "Immigration and Refugee Protection Act (Canada)",
                "S.C. 2001, c. 27. Assented to on 1 November 2001, in force on 28 June 2002. It protects refugees and governs immigration.",
                Law,
                Some("ca"),
                NA,
                Some(2001),
            ),
            doc(
                "/en/programme/",
                "Inter-American Program for the Promotion of the Human Rights of Migrants",
                "The programme promotes the human rights of migrant workers and their families in the Americas. Argentina, Chile and Mexico take part in its activities.",
                Page,
                None,
                None,
                None,
            ),
            doc(
                "/en/events/trafficking-in-persons/",
                "Hemispheric meeting on trafficking in persons",
                "A meeting of the OAS and IOM on trafficking in persons and the smuggling of migrants. Trafficking in persons is a serious crime.",
                Event,
                None,
                None,
                Some(2025),
            ),
        ],
        Lang::Pt => vec![
            doc(
                "/pt/legislation/br/lei-13445/",
                "Lei de Migração n° 13.445 (Brasil)",
                "Lei de 24 de maio de 2017, publicada no DOU em 25 de maio de 2017. Revogou o Estatuto do Estrangeiro, Lei 6.815/1980, e protege os direitos do migrante.",
                Law,
                Some("br"),
                SA,
                Some(2017),
            ),
            doc(
                "/pt/legislation/ar/ley-25871/",
                "Lei de Migrações n° 25.871 (Argentina)",
                "A lei argentina de migrações foi sancionada em 17 de dezembro de 2003. Reconhece a migração como um direito essencial da pessoa.",
                Law,
                Some("ar"),
                SA,
                Some(2003),
            ),
            doc(
                "/pt/legislation/py/ley-6984-2022/",
                "Lei n° 6984/2022 de Migrações (Paraguai)",
                "Publicada na Gaceta Oficial em 18 de outubro de 2022; revogou a Lei 978/1996.",
                Law,
                Some("py"),
                SA,
                Some(2022),
            ),
            doc(
                "/pt/programme/",
                "Programa Interamericano para a Promoção dos Direitos Humanos dos Migrantes",
                "O programa promove os direitos humanos dos trabalhadores migrantes e das suas famílias nas Américas. A Argentina, o Chile e o México participam das suas atividades.",
                Page,
                None,
                None,
                None,
            ),
            doc(
                "/pt/events/trafico-de-pessoas/",
                "Reunião hemisférica sobre o tráfico de pessoas",
                "Reunião da OEA e da OIM sobre o tráfico de pessoas e o contrabando de migrantes. A migração irregular expõe as pessoas à exploração.",
                Event,
                None,
                None,
                Some(2025),
            ),
        ],
    }
}

/// Queries over [`corpus`] that exercise every feature of the engine (words, accents,
/// stemming, typos, law numbers, phrases, exclusions, filters): the Node test runs them in the
/// wasm engine and compares with the native answers.
pub fn queries(lang: Lang) -> Vec<Query> {
    let mut q: Vec<Query> = [
        "migracion",
        "migrantes",
        "argentna",
        "25.871",
        "208-2003",
        "2003",
        "\"trata de personas\"",
        "\"traite des personnes\"",
        "\"trafficking in persons\"",
        "migración -argentina",
        "derechos migrantes",
        "droits migrants",
        "rights migrants",
        "direitos migrantes",
        "",
        "-\"persona migrante\"",
        "zzzz",
    ]
    .into_iter()
    .map(Query::text)
    .collect();
    q.push(Query {
        text: "ley".into(),
        countries: vec!["ar".into(), "cl".into()],
        ..Query::default()
    });
    q.push(Query {
        text: String::new(),
        kinds: vec![Kind::Law],
        year_from: Some(2010),
        ..Query::default()
    });
    q.push(Query {
        text: "migration".into(),
        regions: vec!["south-america".into()],
        limit: 2,
        ..Query::default()
    });
    let _ = lang;
    q
}
