#include "schema/pattern.h"

#include <gtest/gtest.h>

#include <chrono>

namespace vg {
namespace {

// VolSync's schedule pattern: nested quantifiers that took a backtracking matcher past 100 s on
// 40 digits and a letter (found by the schema fuzzer).
constexpr const char* kSchedule =
    R"(^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\d+,)*\d+|(\d+(\/|-)\d+)|\*(\/\d+)?)\s?){5})$)";
// Kubernetes' resource.Quantity pattern, in every capacity field.
constexpr const char* kQuantity =
    R"(^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$)";

std::shared_ptr<const Pattern> compile(const char* text) {
  std::string error;
  auto p = Pattern::compile(text, error);
  EXPECT_NE(p, nullptr) << text << ": " << error;
  EXPECT_EQ(error, "");
  return p;
}

struct Case {
  const char* value;
  bool matches;
};

// `^` and `$` each anchor one alternative only, so "@dailyX" and "garbage 1 2 3 4 5" pass, as they
// do in the API server.
TEST(Pattern, Schedule) {
  const Case cases[] = {
      {"0 3 * * *", true},       {"*/5 * * * *", true},        {"@daily", true},
      {"@dailyX", true},         {"12345", true},              {"garbage 1 2 3 4 5", true},
      {"*/5 * * * * *", true},   {"CRON_TZ=Europe/Berlin 0 3 * * *", true},
      {"@every 1h", false},      {"0 3 * * MON", false},       {"0-6/2 * * * *", true},
      {"1,2,3 4-5 6/7 * *", true}, {"", false},                {"* * * *", false},
      {"1 2 3 4 5 x", false},    {"1\t2\t3\t4\t5", true},      {"0 3 * * ?", false},
      {"H * * * *", false},      {"11111", true},              {"1,,2 * * * *", true},
      {"*/ * * * *", false},
  };
  auto p = compile(kSchedule);
  for (const auto& c : cases) EXPECT_EQ(p->matches(c.value), c.matches) << '"' << c.value << '"';
}

TEST(Pattern, ScheduleIsLinearOnTheFuzzerInput) {
  auto p = compile(kSchedule);
  const auto start = std::chrono::steady_clock::now();
  std::string bad(4000, '3');
  EXPECT_TRUE(p->matches(bad));
  bad += " x";
  EXPECT_FALSE(p->matches(bad));  // `$` needs a field at the end
  EXPECT_FALSE(p->matches(std::string(40, '3') + "x"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(Pattern, Quantity) {
  const Case cases[] = {{"10Gi", true}, {"5GB", false}, {"1.5", true},   {"-1e3", true}, {".5m", true},
                        {"", false},    {"+", false},   {"1Ki ", false}, {"1e", false},  {"1E+2", true},
                        {"123456789012345678901234567890", true}};
  auto p = compile(kQuantity);
  for (const auto& c : cases) EXPECT_EQ(p->matches(c.value), c.matches) << '"' << c.value << '"';
  EXPECT_FALSE(p->matches(std::string(100000, '1') + "x"));  // any length is checked
}

// Go's syntax and meaning, not ECMAScript's or PCRE's.
TEST(Pattern, GoSemantics) {
  struct {
    const char* pattern;
    const char* value;
    bool matches;
  } cases[] = {
      {R"(^\s$)", "\t", true},
      {R"(^\s$)", "\v", false},           // Go's \s is [\t\n\f\r ]
      {R"(^.$)", "\xc3\xa9", true},       // . is a code point, not a byte
      {R"(^.$)", "\n", false},            // and not a newline, unless (?s)
      {R"((?s)^.$)", "\n", true},
      {R"(^\x{e9}$)", "\xc3\xa9", true},
      {R"(^\Q.*\E$)", ".*", true},
      {R"(^\Q.*\E$)", "ab", false},
      {R"(^\pL+$)", "\xc3\xa9t\xc3\xa9", true},  // Unicode classes
      {R"(^\pL+$)", "a1", false},
      {R"((?i)^abc$)", "ABC", true},
      {R"(b)", "abc", true},              // unanchored search
      {R"(^b)", "abc", false},
      {R"(a$)", "a\n", false},            // $ is the end of the text, not before a final newline
      {R"((?m)a$)", "a\nb", true},
      {R"(^[[:alpha:]]+$)", "abc", true},
  };
  for (const auto& c : cases) {
    auto p = compile(c.pattern);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->matches(c.value), c.matches) << c.pattern << " on \"" << c.value << '"';
  }
}

TEST(Pattern, WhatGoRejectsIsAnError) {
  for (const char* bad : {R"((a)\1)", R"((?<!a)b)", R"((?=a))", "a{1001}", "[a", "(", R"(\C)", R"(a\)"}) {
    std::string error;
    EXPECT_EQ(Pattern::compile(bad, error), nullptr) << bad;
    EXPECT_NE(error, "") << bad;
  }
  std::string error;
  EXPECT_NE(Pattern::compile(R"(\\C)", error), nullptr) << "an escaped backslash, then C: " << error;
}

TEST(Pattern, EachTextIsCompiledOnce) {
  std::string error;
  EXPECT_EQ(Pattern::compile("^x+$", error), Pattern::compile("^x+$", error));
}

}  // namespace
}  // namespace vg
