#include "schema/known_patterns.h"

#include <gtest/gtest.h>

#include <regex>

namespace vg {
namespace {

constexpr const char* kSchedule =
    R"(^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\d+,)*\d+|(\d+(\/|-)\d+)|\*(\/\d+)?)\s?){5})$)";

// The hand matcher must agree with the regex (ECMAScript search has the same meaning for this
// pattern) on short inputs, where backtracking is still affordable.
TEST(KnownPatterns, ScheduleAgreesWithTheRegex) {
  const std::regex re(kSchedule);
  const char* cases[] = {"0 3 * * *", "*/5 * * * *", "@daily", "@dailyX", "12345", "garbage 1 2 3 4 5",
                         "*/5 * * * * *", "CRON_TZ=Europe/Berlin 0 3 * * *", "@every 1h", "0 3 * * MON",
                         "0-6/2 * * * *", "1,2,3 4-5 6/7 * *", "", "* * * *", "1 2 3 4 5 x", "1\t2\t3\t4\t5",
                         "0 3 * * ?", "H * * * *", "11111", "1,,2 * * * *", "*/ * * * *"};
  for (const char* c : cases) {
    auto got = match_known_pattern(kSchedule, c);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, std::regex_search(std::string(c), re)) << c;
  }
}

TEST(KnownPatterns, ScheduleIsLinearOnTheFuzzerInput) {
  // 40 digits and a letter took std::regex past 100 s.
  std::string bad(4000, '3');
  bad += " x";
  EXPECT_EQ(match_known_pattern(kSchedule, bad), std::optional<bool>(false));  // `$` needs a field at the end
  EXPECT_EQ(match_known_pattern(kSchedule, std::string(4000, '3')), std::optional<bool>(true));
}

TEST(KnownPatterns, UnknownPatternIsNotHandled) { EXPECT_FALSE(match_known_pattern("^a$", "a").has_value()); }

}  // namespace
}  // namespace vg
