// Upper bounds of the length of pandas' date ranges written out in the source: `pd.date_range(
// "1/1/2000", "1/31/2000", freq="5min")` has at most so many elements. Only the text forms pandas'
// tests and examples use are read; anything else is unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pml {

// Seconds since 1970-01-01 of a date (and time) as pandas parses common strings: "2000-01-31",
// "20000131", "1/31/2000", "1/31/00", "1-31-2000", "31-Jan-2000", each optionally followed by
// " HH:MM[:SS]" and a UTC offset, "-07:00" or "+0500" (ignored: both ends of a range carry
// theirs). nullopt otherwise.
std::optional<int64_t> parse_date_seconds(std::string_view text);

// Seconds since 1970-01-01 of a date and time given by its fields, as `datetime(2005, 1, 10)`
// does; nullopt for a field out of its range (year 1..9999).
std::optional<int64_t> civil_seconds(int64_t year, int64_t month, int64_t day, int64_t hour = 0, int64_t minute = 0,
                                     int64_t second = 0);

// The shortest time one step of a pandas frequency string ("D", "5min", "H", "W-SUN", "MS", "B",
// "A") can take, in seconds: exact for fixed durations, the shortest month, quarter or year for
// calendar ones, a day for a business day. nullopt when the string is not understood.
std::optional<int64_t> frequency_min_seconds(std::string_view freq);

// At most how many points a range from `start` to `end` (both included) has with steps of at
// least `step` seconds; one more than the quotient, and one for a calendar or daylight-saving
// shift. nullopt for a negative step or a span that does not fit.
std::optional<int64_t> range_points_bound(int64_t start, int64_t end, int64_t step);

}  // namespace pml
