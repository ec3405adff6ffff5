//! Language subtags the locale canonicaliser accepts. Go's x/text (which
//! Authgear uses to check `locale`) rejects unknown subtags and rewrites
//! deprecated ones, so only subtags whose canonical form is themselves are
//! listed: ISO 639-1 minus the deprecated/legacy iw, in, ji, jw, mo, sh, tl
//! (mapped in `validate::locale`), and a few 3-letter codes with no 2-letter form.

/// ISO 639-1 two-letter codes, sorted, packed.
pub const LANG2: &str = "aaabaeafakamanarasavayazbabebgbhbibmbnbobrbscacechcocrcscucvcydadedvdzeeeleneoeseteufafffifjfofrfygagdglgngugvhahehihohrhthuhyhziaidieigiiikioisitiujajvkakgkikjkkklkmknkokrkskukvkwkylalblglilnloltlulvmgmhmimkmlmnmrmsmtmynanbndnengnlnnnonrnvnyocojomorospapiplpsptqurmrnrorurwsascsdsesgsiskslsmsnsosqsrssstsusvswtatetgthtitktntotrtstttwtyugukuruzvevivowawoxhyiyozazhzu";

/// Three-letter languages with no two-letter code that Go keeps as they are.
pub const LANG3: &[&str] = &["ast", "ceb", "fil", "gsw", "haw", "yue"];

/// Scripts kept in a locale, and only for languages written in several
/// scripts; elsewhere a script is dropped, since Go suppresses the default one.
pub const MULTI_SCRIPT: &[(&str, &[&str])] = &[
    ("az", &["Arab", "Cyrl", "Latn"]),
    ("bs", &["Cyrl", "Latn"]),
    ("sr", &["Cyrl", "Latn"]),
    ("uz", &["Arab", "Cyrl", "Latn"]),
    ("zh", &["Hans", "Hant"]),
];

/// Deprecated or legacy language subtags and what Go rewrites them to.
pub const REWRITES: &[(&str, &str, Option<&str>)] = &[
    ("in", "id", None),
    ("iw", "he", None),
    ("ji", "yi", None),
    ("jw", "jv", None),
    ("sh", "sr", Some("Latn")),
    ("tl", "fil", None),
];
