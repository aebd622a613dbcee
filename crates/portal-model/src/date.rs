use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to the day, the month or only the year.
///
/// Sources often give "2016" or "June 2022"; inventing a day to fit a full date type would
/// publish a false fact, so the precision is part of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date `{input}`: {reason}; expected YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateError {
    input: String,
    reason: &'static str,
}

impl PartialDate {
    /// The year, always present.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1–12, when the source gives it.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when the source gives it (never without a month).
    pub fn day(&self) -> Option<u8> {
        self.day
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let error = |reason| DateError {
            input: input.to_owned(),
            reason,
        };
        let mut parts = input.split('-');
        let mut number = |len: usize, what| -> Result<Option<u16>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(part) if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(part.parse().expect("digits")))
                }
                Some(_) => Err(error(what)),
            }
        };
        let year =
            number(4, "the year must have four digits")?.ok_or_else(|| error("it is empty"))?;
        let month = number(2, "the month must have two digits")?;
        let day = number(2, "the day must have two digits")?;
        if parts.next().is_some() {
            return Err(error("it has too many parts"));
        }
        let month = month.map(|m| m as u8);
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(error("the month is not between 01 and 12"));
        }
        let day = day.map(|d| d as u8);
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return Err(error("that day does not exist in that month"));
        }
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 with the known precision, as in `datetime` attributes and open data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Year(u16),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Year(year) => year.to_string().parse(),
            Raw::Text(text) => text.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD.",
            "type": "string",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_precision_it_was_given() {
        assert_eq!("2016".parse::<PartialDate>().unwrap().to_string(), "2016");
        assert_eq!(
            "2022-06".parse::<PartialDate>().unwrap().to_string(),
            "2022-06"
        );
        assert_eq!("2005-06-07".parse::<PartialDate>().unwrap().day(), Some(7));
    }

    #[test]
    fn rejects_impossible_dates_with_the_reason() {
        let error = "2005-02-30".parse::<PartialDate>().unwrap_err().to_string();
        assert!(error.contains("that day does not exist"), "{error}");
        assert!("2005-13".parse::<PartialDate>().is_err());
        assert!("05-06-07".parse::<PartialDate>().is_err());
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
        assert!("2023-02-29".parse::<PartialDate>().is_err());
    }

    #[test]
    fn partial_dates_sort_before_more_precise_ones_of_the_same_period() {
        let year: PartialDate = "2006".parse().unwrap();
        let day: PartialDate = "2006-01-01".parse().unwrap();
        assert!(year < day);
    }
}
