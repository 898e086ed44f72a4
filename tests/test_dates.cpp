// Date strings, frequencies and the bound of a pandas date range's length (analyzer/dates.h).
#include <gtest/gtest.h>

#include "analyzer/dates.h"

namespace pml {
namespace {

constexpr int64_t kDay = 86400;

TEST(Dates, TheFormsPandasTestsWrite) {
  // 2000-01-01 is day 10957 since 1970-01-01.
  int64_t jan1 = 10957 * kDay;
  for (std::string_view s : {"2000-01-01", "20000101", "1/1/2000", "01/01/2000", "1-1-2000", "1/1/00",
                             "01-Jan-2000", "1-January-2000", "2000/01/01"}) {
    SCOPED_TRACE(s);
    EXPECT_EQ(parse_date_seconds(s), jan1);
  }
  EXPECT_EQ(parse_date_seconds("12-31-15"), parse_date_seconds("2015-12-31"));  // two-digit years: 2000s
  EXPECT_EQ(parse_date_seconds("2000-01-01 02:30"), jan1 + 2 * 3600 + 30 * 60);
  EXPECT_EQ(parse_date_seconds("1/1/2000 00:00:05"), jan1 + 5);
  EXPECT_EQ(parse_date_seconds("1/1/2000 00:00:00-07:00"), jan1);  // the offset is left out
  EXPECT_EQ(parse_date_seconds("2000-03-01").value() - parse_date_seconds("2000-02-28").value(), 2 * kDay);  // leap
  for (std::string_view s : {"", "2000", "13/1/2000", "1/32/2000", "2000-01-01 25:00", "yesterday", "1/1/2000x",
                             "2000-01-01T", "1/1/70"}) {
    SCOPED_TRACE(s);
    EXPECT_FALSE(parse_date_seconds(s));
  }
}

TEST(Dates, FrequenciesGiveTheirShortestStep) {
  EXPECT_EQ(frequency_min_seconds("D"), kDay);
  EXPECT_EQ(frequency_min_seconds("5min"), 300);
  EXPECT_EQ(frequency_min_seconds("17s"), 17);
  EXPECT_EQ(frequency_min_seconds("H"), 3600);
  EXPECT_EQ(frequency_min_seconds("12h"), 12 * 3600);
  EXPECT_EQ(frequency_min_seconds("W-SUN"), 7 * kDay);
  EXPECT_EQ(frequency_min_seconds("MS"), 28 * kDay);  // the shortest month
  EXPECT_EQ(frequency_min_seconds("A"), 365 * kDay);
  EXPECT_EQ(frequency_min_seconds("B"), kDay);        // a business day is at least a day apart
  EXPECT_FALSE(frequency_min_seconds("ms"));          // below a second: not bounded
  EXPECT_FALSE(frequency_min_seconds("0D"));
  EXPECT_FALSE(frequency_min_seconds("fortnight"));
}

TEST(Dates, UtcOffsetsWithOrWithoutAColon) {
  EXPECT_EQ(parse_date_seconds("2000-10-01 23:30:00+0500"), parse_date_seconds("2000-10-01 23:30:00"));
  EXPECT_EQ(parse_date_seconds("2000-10-01 23:30-07:00"), parse_date_seconds("2000-10-01 23:30"));
  EXPECT_FALSE(parse_date_seconds("2000-10-01 23:30+5"));
}

TEST(Dates, FieldsGiveTheSameSecondsAsText) {
  EXPECT_EQ(civil_seconds(1970, 1, 1), 0);
  EXPECT_EQ(civil_seconds(2005, 1, 10), parse_date_seconds("2005-01-10"));
  EXPECT_EQ(civil_seconds(2000, 2, 29, 13, 5, 7), parse_date_seconds("2000-02-29 13:05:07"));
  EXPECT_FALSE(civil_seconds(2000, 13, 1));
  EXPECT_FALSE(civil_seconds(2000, 4, 31));
  EXPECT_FALSE(civil_seconds(0, 1, 1));
  EXPECT_FALSE(civil_seconds(2000, 1, 1, 24));
}

TEST(Dates, RangeBoundsCountBothEndsAndASlack) {
  EXPECT_EQ(range_points_bound(0, 4 * kDay, 300), 4 * 288 + 2);  // 1153 points, and one more
  EXPECT_EQ(range_points_bound(0, 0, kDay), 2);
  EXPECT_EQ(range_points_bound(kDay, 0, kDay), 0);  // end before start: empty
  EXPECT_FALSE(range_points_bound(0, kDay, 0));
}

}  // namespace
}  // namespace pml
