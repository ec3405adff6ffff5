//! `phone_number`: E.164. Authgear checks with libphonenumber; this checks the
//! shape and that the calling code exists, which every valid number passes.

use crate::data::countries::CALLING_CODES;

/// Whether `s` has E.164's shape (`+`, 8 to 15 digits) and a calling code that exists.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    (1..=3).any(|n| CALLING_CODES.split(',').any(|cc| cc == &digits[..n]))
}

#[cfg(test)]
mod tests {
    use super::is_e164;

    #[test]
    fn e164() {
        for ok in ["+85298765432", "+14155550100", "+442071838750"] {
            assert!(is_e164(ok), "{ok}");
        }
        for bad in ["", "foobar", "85298765432", "+0123456789", "+1 415 555 0100", "+1234", "+9991234567"] {
            assert!(!is_e164(bad), "{bad}");
        }
    }
}
