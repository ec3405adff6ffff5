//! Mailbox providers whose domain says nothing about the user's employer:
//! free-mail and disposable-address services. A company domain is never
//! derived from these (admins can add more in the config).

/// Sorted, so lookup is a binary search.
pub const FREE_MAIL: &[&str] = &[
    "10minutemail.com",
    "126.com",
    "139.com",
    "163.com",
    "aim.com",
    "aol.com",
    "bk.ru",
    "comcast.net",
    "daum.net",
    "discard.email",
    "dispostable.com",
    "email.com",
    "fastmail.com",
    "fastmail.fm",
    "free.fr",
    "getnada.com",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "guerrillamail.com",
    "hanmail.net",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.es",
    "hotmail.fr",
    "hotmail.it",
    "icloud.com",
    "inbox.ru",
    "interia.pl",
    "laposte.net",
    "libero.it",
    "list.ru",
    "live.co.uk",
    "live.com",
    "live.fr",
    "mac.com",
    "mail.com",
    "mail.ru",
    "mailinator.com",
    "me.com",
    "msn.com",
    "naver.com",
    "o2.pl",
    "onet.pl",
    "orange.fr",
    "outlook.com",
    "outlook.de",
    "outlook.fr",
    "pm.me",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "rambler.ru",
    "rediffmail.com",
    "sbcglobal.net",
    "seznam.cz",
    "sharklasers.com",
    "sina.com",
    "t-online.de",
    "temp-mail.org",
    "trashmail.com",
    "tuta.io",
    "tutanota.com",
    "verizon.net",
    "web.de",
    "wp.pl",
    "yahoo.co.in",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.com.br",
    "yahoo.de",
    "yahoo.es",
    "yahoo.fr",
    "yahoo.it",
    "yandex.com",
    "yandex.ru",
    "yeah.net",
    "ymail.com",
    "yopmail.com",
    "zoho.com",
];

/// Whether `domain` is a free-mail or disposable domain (never a company's).
pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL.binary_search(&domain).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(super::FREE_MAIL.windows(2).all(|w| w[0] < w[1]));
        assert!(super::is_free_mail("gmail.com") && !super::is_free_mail("acme.example"));
    }
}
