//! The canonical set of enriched fields: the vocabulary shared by sources
//! (which produce them) and the config (which maps them to attributes).

use crate::prelude::*;
macro_rules! fields {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// An enriched field (each variant's doc is its name in the config).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Field { $(#[doc = $name] $variant),* }

        impl Field {
            /// Every field, in the order the config reference lists them.
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            /// Its name in the config and the answer's diagnostics.
            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $name),* }
            }
        }
    };
}

fields! {
    Country = "country",
    Region = "region",
    City = "city",
    PostalCode = "postal_code",
    Latitude = "latitude",
    Longitude = "longitude",
    Timezone = "timezone",
    Locale = "locale",
    Name = "name",
    GivenName = "given_name",
    FamilyName = "family_name",
    Company = "company",
    CompanyDomain = "company_domain",
    CompanyWebsite = "company_website",
    JobTitle = "job_title",
    AvatarUrl = "avatar_url",
    Seniority = "seniority",
    LinkedinUrl = "linkedin_url",
    Industry = "industry",
    EmployeeCount = "employee_count",
    EmployeeRange = "employee_range",
    FoundedYear = "founded_year",
    CompanyLinkedinUrl = "company_linkedin_url",
}

impl Field {
    /// The field called `s` in the config, if there is one.
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == s)
    }

    /// All names, for "expected one of" diagnostics.
    pub fn names() -> String {
        Field::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.name()), Some(*f));
        }
        assert_eq!(Field::parse("County"), None);
        assert!(Field::names().contains("job_title"));
    }
}
