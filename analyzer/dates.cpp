#include "analyzer/dates.h"

#include <array>
#include <cctype>

namespace pml {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-days method).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Reads digits at `s[i]`, at most `most` of them; nullopt without any.
std::optional<int64_t> number(std::string_view s, size_t& i, size_t most = 4) {
  size_t start = i;
  int64_t v = 0;
  while (i < s.size() && i - start < most && std::isdigit(static_cast<unsigned char>(s[i]))) v = v * 10 + (s[i++] - '0');
  if (i == start) return std::nullopt;
  return v;
}

std::optional<int64_t> month_named(std::string_view s, size_t& i) {
  static constexpr std::array<std::string_view, 12> names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                             "jul", "aug", "sep", "oct", "nov", "dec"};
  if (i + 3 > s.size()) return std::nullopt;
  for (size_t m = 0; m < names.size(); ++m) {
    bool same = true;
    for (size_t k = 0; k < 3; ++k)
      if (std::tolower(static_cast<unsigned char>(s[i + k])) != names[m][k]) same = false;
    if (same) {
      i += 3;
      while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;  // "January"
      return static_cast<int64_t>(m + 1);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> parse_date_seconds(std::string_view s) {
  size_t i = 0;
  int64_t y = 0, m = 0, d = 0;
  auto first = number(s, i, 8);
  if (!first) return std::nullopt;
  size_t first_digits = i;
  if (first_digits == 8 && (i == s.size() || s[i] == ' ' || s[i] == 'T')) {  // 20000131
    y = *first / 10000, m = *first / 100 % 100, d = *first % 100;
  } else if (first_digits == 4 && i < s.size() && (s[i] == '-' || s[i] == '/')) {  // 2000-01-31
    char sep = s[i++];
    auto mm = number(s, i, 2);
    if (!mm || i >= s.size() || s[i++] != sep) return std::nullopt;
    auto dd = number(s, i, 2);
    if (!dd) return std::nullopt;
    y = *first, m = *mm, d = *dd;
  } else if (first_digits <= 2 && i < s.size() && (s[i] == '/' || s[i] == '-')) {
    char sep = s[i++];
    size_t at = i;
    if (auto named = month_named(s, i)) {  // 31-Jan-2000
      d = *first, m = *named;
    } else {  // 1/31/2000, 1-31-2000
      i = at;
      auto dd = number(s, i, 2);
      if (!dd) return std::nullopt;
      m = *first, d = *dd;
    }
    if (i >= s.size() || s[i++] != sep) return std::nullopt;
    size_t year_at = i;
    auto yy = number(s, i, 4);
    if (!yy) return std::nullopt;
    // dateutil puts a two-digit year within 50 years of today: "00" to "49" are 2000 to 2049 for
    // decades yet; later ones depend on the year the code runs, so they are not read.
    if (i - year_at == 2 && *yy >= 50) return std::nullopt;
    y = i - year_at == 2 ? 2000 + *yy : *yy;
  } else {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999) return std::nullopt;
  int64_t seconds = days_from_civil(y, m, d) * 86400;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T')) {
    ++i;
    auto hh = number(s, i, 2);
    if (!hh || i >= s.size() || s[i++] != ':') return std::nullopt;
    auto mi = number(s, i, 2);
    if (!mi) return std::nullopt;
    int64_t ss = 0;
    if (i < s.size() && s[i] == ':') {
      ++i;
      auto sec = number(s, i, 2);
      if (!sec) return std::nullopt;
      ss = *sec;
      if (i < s.size() && s[i] == '.') {  // fractions of a second: ignored
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      }
    }
    if (*hh > 23 || *mi > 59 || ss > 60) return std::nullopt;
    seconds += *hh * 3600 + *mi * 60 + ss;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {  // a UTC offset: "-07:00" or "+0500"
      ++i;
      if (!number(s, i, 2)) return std::nullopt;
      if (i < s.size() && s[i] == ':') ++i;
      if (!number(s, i, 2)) return std::nullopt;
    }
  }
  if (i != s.size()) return std::nullopt;
  return seconds;
}

std::optional<int64_t> civil_seconds(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                                     int64_t second) {
  static constexpr std::array<int64_t, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return std::nullopt;
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::optional<int64_t> frequency_min_seconds(std::string_view freq) {
  size_t i = 0;
  int64_t multiple = 1;
  if (auto n = number(freq, i, 6)) multiple = *n;
  if (multiple <= 0) return std::nullopt;
  std::string_view unit = freq.substr(i);
  if (size_t dash = unit.find('-'); dash != std::string_view::npos) unit = unit.substr(0, dash);  // "W-SUN"
  static constexpr struct {
    std::string_view unit;
    int64_t seconds;
  } units[] = {
      {"D", 86400},       {"B", 86400},         {"C", 86400},    {"H", 3600},     {"h", 3600},
      {"BH", 3600},       {"T", 60},            {"min", 60},     {"S", 1},        {"s", 1},
      {"W", 7 * 86400},   {"M", 28 * 86400},    {"MS", 28 * 86400}, {"BM", 28 * 86400}, {"BMS", 28 * 86400},
      {"SM", 13 * 86400}, {"SMS", 13 * 86400},  {"Q", 89 * 86400}, {"QS", 89 * 86400}, {"BQ", 89 * 86400},
      {"A", 365 * 86400}, {"AS", 365 * 86400},  {"Y", 365 * 86400}, {"YS", 365 * 86400}, {"BA", 365 * 86400},
      {"BY", 365 * 86400},
  };
  for (const auto& u : units)
    if (unit == u.unit) return multiple * u.seconds;
  return std::nullopt;  // sub-second steps and anything else: not bounded here
}

std::optional<int64_t> range_points_bound(int64_t start, int64_t end, int64_t step) {
  if (step <= 0) return std::nullopt;
  if (end < start) return 0;
  return (end - start) / step + 2;
}

}  // namespace pml
