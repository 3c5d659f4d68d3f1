#include "volsync/retain.h"

#include <gtest/gtest.h>

#include <string>

#include "yaml/emit.h"
#include "support/test_util.h"

namespace vg {
namespace {

using vg::test::load;

std::string text_of(const Doc& d) {
  std::string out;
  emit_block(out, d, 0);
  return out;
}

// The limits of each key's value, identical in both forms: counts 0..2^31-1, `last` 1..2^31-1.
TEST(Retain, ValueLimitsAreTheSameInBothForms) {
  struct Case {
    const char* key;
    const char* value;
    const char* error;  // substring; nullptr when accepted
  };
  const Case cases[] = {
      {"hourly", "0", nullptr},
      {"daily", "2147483647", nullptr},
      {"weekly", "2147483648", "2147483648 is out of range 0..2147483647"},
      {"monthly", "-1", "-1 is out of range 0..2147483647"},
      {"yearly", "99999999999999999999", "\"99999999999999999999\" is not an integer"},
      {"hourly", "0x10", "\"0x10\" is not an integer"},
      {"hourly", "1e3", "\"1e3\" is not an integer"},
      {"last", "1", nullptr},
      {"last", "2147483647", nullptr},
      {"last", "0", "0 is out of range 1..2147483647"},
      {"last", "2147483648", "out of range 1..2147483647"},
      {"within", "0d", nullptr},
      {"within", "12h", nullptr},
      {"within", "1y2m3d4h", nullptr},
      {"within", "d", "is not a restic duration"},
      {"within", "3w", "\"3w\" is not a restic duration like 30d or 1y6m"},
      {"within", "3D", "is not a restic duration"},
      {"within", "3d4", "is not a restic duration"},
      {"within", "-3d", "is not a restic duration"},
  };
  for (const auto& c : cases) {
    const std::string entry = std::string(c.key) + "=" + c.value;
    SCOPED_TRACE(entry);
    Retain s;
    auto serr = parse_retain_string(entry, s);
    Retain d;
    auto derr = parse_retain_doc(load(std::string("{") + c.key + ": " + c.value + "}"), d);
    if (!c.error) {
      EXPECT_FALSE(serr) << *serr;
      EXPECT_FALSE(derr) << derr->message;
      EXPECT_EQ(text_of(s.to_doc()), text_of(d.to_doc())) << "both forms read the same policy";
      continue;
    }
    ASSERT_TRUE(serr);
    ASSERT_TRUE(derr);
    // The string form prefixes the key; the typed form carries it as RetainError::key.
    EXPECT_EQ(serr->rfind("retain." + std::string(c.key) + ": ", 0), 0u) << *serr;
    EXPECT_NE(serr->find(c.error), std::string::npos) << *serr;
    EXPECT_EQ(derr->key, c.key);
    EXPECT_NE(derr->message.find(c.error), std::string::npos) << derr->message;
  }
}

TEST(Retain, EmptyPolicyIsRefusedSayingWhatVolSyncWouldDo) {
  Retain r;
  auto s = parse_retain_string("", r);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "retain is empty: VolSync would then keep only the last snapshot (restic forget --keep-last 1)");
  auto d = parse_retain_doc(load("{}"), r);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, *s);
  EXPECT_EQ(d->key, "");
  EXPECT_TRUE(r.empty());
}

TEST(Retain, EmptyIsFalseForEachSingleKey) {
  const char* keys[] = {"hourly=1", "daily=1", "weekly=1", "monthly=1", "yearly=1", "within=1d", "last=1"};
  for (const char* k : keys) {
    SCOPED_TRACE(k);
    Retain r;
    ASSERT_FALSE(parse_retain_string(k, r));
    EXPECT_FALSE(r.empty());
  }
}

TEST(Retain, StringFormSyntax) {
  struct Case {
    const char* text;
    const char* error;  // exact message; nullptr when accepted
  };
  const Case cases[] = {
      {"daily=7", nullptr},
      {"  daily=7  ,  ", nullptr},
      {"daily", "\"daily\" is not KEY=VALUE"},
      {"daily=7,weekly", "\"weekly\" is not KEY=VALUE"},
      {"=7", "unknown retain key \"\" (hourly, daily, weekly, monthly, yearly, within, last, latest)"},
      {"secondly=7", "unknown retain key \"secondly\" (hourly, daily, weekly, monthly, yearly, within, last, latest)"},
      {"daily=7=8", "retain.daily: \"7=8\" is not an integer"},
      {"daily = 7", nullptr},  // spaces around '=' are layout, as around ','
      {"daily=7 7", "retain.daily: \"7 7\" is not an integer"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Retain r;
    auto err = parse_retain_string(c.text, r);
    if (!c.error) {
      EXPECT_FALSE(err) << *err;
      EXPECT_EQ(r.daily, 7);
    } else {
      ASSERT_TRUE(err);
      EXPECT_EQ(*err, c.error);
    }
  }
}

// The typed form: where the error is, by key and by the mark of the offending node.
TEST(Retain, DocErrorsCarryKeyAndMark) {
  struct Case {
    const char* yaml;
    const char* key;
    const char* message;
    int line, column;  // 0-based mark of the node named
  };
  const Case cases[] = {
      {"hourly: 1\ndaily: x\n", "daily", "\"x\" is not an integer", 1, 7},
      {"hourly: 1\nminutely: 1\n", "minutely", "unknown retain key", 1, 0},
      {"hourly: 1\nweekly: [1]\n", "weekly", "must be a scalar", 1, 8},
      {"hourly: 1\nmonthly: '6'\n", "monthly", "must be an integer (unquoted)", 1, 9},
      {"- 1\n", "", "must be an object of keep counts", 0, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    Retain r;
    auto err = parse_retain_doc(load(c.yaml), r);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->key, c.key);
    EXPECT_NE(err->message.find(c.message), std::string::npos) << err->message;
    EXPECT_EQ(err->mark.line, c.line);
    EXPECT_EQ(err->mark.column, c.column);
  }
}

// `within` and `last` are strings in the CRD: a quoted value is fine there, unlike the counts.
TEST(Retain, QuotedWithinAndLastAreAccepted) {
  Retain r;
  auto err = parse_retain_doc(load("{within: '30d', last: \"3\"}"), r);
  ASSERT_FALSE(err) << err->message;
  EXPECT_EQ(r.within, "30d");
  EXPECT_EQ(r.last, "3");
}

TEST(Retain, ToDocOrderAndTypes) {
  Retain r;
  ASSERT_FALSE(parse_retain_string("last=2,within=1y,yearly=3,monthly=4,weekly=5,daily=6,hourly=7", r));
  Doc d = r.to_doc();
  // Keys in restic's order, whatever the input order; counts are numbers, within and last strings.
  EXPECT_EQ(text_of(d), "hourly: 7\ndaily: 6\nweekly: 5\nmonthly: 4\nyearly: 3\nwithin: 1y\nlast: \"2\"\n");
  EXPECT_FALSE(is_string_scalar(d["hourly"]));
  EXPECT_TRUE(is_string_scalar(d["within"]));
  EXPECT_TRUE(is_string_scalar(d["last"]));
  EXPECT_EQ(Retain{}.to_doc().size(), 0u);
  EXPECT_TRUE(Retain{}.to_doc().IsMap());
}

// The string form refuses a repeated key, as the map form does: silently keeping the last would
// change a retention policy without a word.
TEST(Retain, StringFormRefusesARepeatedKey) {
  Retain r;
  auto e = parse_retain_string("daily=1,daily=9", r);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(*e, "retain.daily is given twice");
  EXPECT_FALSE(r.daily) << "nothing is set on error";
}

TEST(Retain, StringFormAllowsSpacesAroundEquals) {
  Retain r;
  ASSERT_FALSE(parse_retain_string("hourly = 24, daily= 7 ,within =3d", r));
  EXPECT_EQ(r.hourly, 24);
  EXPECT_EQ(r.daily, 7);
  EXPECT_EQ(r.within, "3d");
}

}  // namespace
}  // namespace vg
