#include "yaml/yaml_scalar.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

// Every value research/yaml-cpp.md lists as emitted plain by yaml-cpp but re-typed by a consumer,
// plus every value it lists as quoted, plus the other forms YAML 1.1/1.2 readers type.
const std::string kMustQuote[] = {
    // bools, YAML 1.1 spellings and other letter cases
    "yes", "no", "on", "off", "y", "n", "Y", "N", "true", "False", "TRUE", "Yes", "YES", "No", "NO",
    "On", "ON", "Off", "OFF", "false", "yEs", "tRUE",
    // null
    "null", "Null", "NULL", "~", "",
    // ints
    "0700", "0o700", "0O700", "012", "07", "08", "09", "00", "0", "1", "42", "+1", "-1", "-0",
    "0x1F", "0X1f", "0x_1F", "0b101", "0B1", "1_000", "1__0", "+12",
    "123456789012345678901234567890",
    "12:30:00", "1:20", "190:20:30", "-1:20",
    // floats
    "1e3", "1E3", "1e+3", "1.5e-3", "1.5", ".5", "1.", "+.5", "-.5", "1_000.5", "12:30:00.5",
    ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "1.2.3", "10.0.0.1",
    // timestamps
    "2023-01-01", "2023-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43Z",
    "2001-12-14 21:59:43.10 -5",
    // merge and value keys
    "<<", "=",
    // realistic values that happen to need quotes
    "*/5 * * * *", "@daily", "2023", "8080:80", "- item",
    // whitespace
    " ", " a", "a ", "a\tb", "\t", "multi\nline", "a\r", "\n",
    // leading indicators
    "-", "- a", "-a", ":", ":a", "?", "?a", ",a", "[x", "]x", "{x", "}x", "#x", "&x", "*x", "!x",
    "|", ">", "'x", "\"x", "%x", "@x", "`x",
    // inside
    "a: b", "a #b", "key:", "x]", "x,y", "a?b", "s3:https://h/b?region=x", "a{b}", "---", "...",
    "...x",
    // non-printable and special code points
    "bell\x07", std::string("nul\0", 4), "del\x7f", "c1\xc2\x85", "ls\xe2\x80\xa8",
    "ps\xe2\x80\xa9",
    "\xef\xbb\xbf" "bom", "mid\xef\xbb\xbf" "bom", "x\xef\xbf\xbe", "x\xef\xbf\xbf",
    // invalid UTF-8
    "\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
};

const std::string kStaysPlain[] = {
    "longhorn", "s3:http://host:9000/bucket", "1Gi", "500m", "1.5Gi", "10Ki", "my-pvc-backup",
    "ReadWriteOnce", "volsync.backube/v1alpha1", "app.kubernetes.io/name", "a#b", "a:b",
    "a-b", "a!b", "x'y", "x\"y", "café", "日本語", "emoji 😀", "Clone", "Snapshot",
    "restic-config", "0 3 * * *", "yesterday", "nope", "onion", "true-ish",
    "nullable", "0xZZ", "0b", "1e", "1e3Gi", "e3", "v1.2.3", "2023-backup", "12-34",
    "+foo", ".hidden", "infinity", "NaN", "nan", "inf", "a b", "a  b", "UTC", "Europe/Berlin",
    "rclone:remote:path", "/mnt/data", "~/x", "<<a", "==", "a=b", std::string(150, 'x'),
    "non\xc2\xa0" "breaking",
};

TEST(YamlScalar, QuotesEverythingAReaderWouldRetype) {
  for (const auto& s : kMustQuote) {
    EXPECT_FALSE(plain_is_safe(s)) << "[" << s << "]";
    EXPECT_EQ(scalar_for_yaml(s).front(), '"') << s;
  }
}

TEST(YamlScalar, OrdinaryStringsStayPlain) {
  for (const auto& s : kStaysPlain) {
    EXPECT_TRUE(plain_is_safe(s)) << "[" << s << "]";
    EXPECT_EQ(scalar_for_yaml(s), s);
  }
}

TEST(YamlScalar, ImplicitTypesAndBools) {
  for (const char* s : {"yes", "NO", "on", "Off", "y", "N", "true", "FALSE"}) {
    EXPECT_TRUE(is_yaml11_bool(s)) << s;
  }
  for (const char* s : {"yess", "", "t", "1", "null"}) EXPECT_FALSE(is_yaml11_bool(s)) << s;
  for (const char* s : {"0700", "~", "<<", "2023-01-01", ".inf", "1_000", "", "-0"}) {
    EXPECT_TRUE(is_implicitly_typed(s)) << s;
  }
  // Structure problems are not types: these are strings to every reader once quoted.
  for (const char* s : {"- a", "a: b", " x", "1Gi"}) EXPECT_FALSE(is_implicitly_typed(s)) << s;
}

TEST(YamlScalar, DoubleQuotedEscapes) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "\"\""},
      {"yes", "\"yes\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"back\\slash", "\"back\\\\slash\""},
      {"a\nb\tc\rd", "\"a\\nb\\tc\\rd\""},
      {"bell\x07", "\"bell\\u0007\""},
      {std::string("nul\0x", 5), "\"nul\\u0000x\""},
      {"\x1b[0m", "\"\\u001B[0m\""},
      {"\x7f", "\"\\u007F\""},
      {"\xc2\x85", "\"\\u0085\""},
      {"\xe2\x80\xa8", "\"\\u2028\""},
      {"\xef\xbb\xbf" "x", "\"\\uFEFFx\""},
      {"\xef\xbf\xbf", "\"\\uFFFF\""},
      {"café 日本 😀", "\"café 日本 😀\""},
      {"\xff" "a", "\"\\uFFFDa\""},
      {"a\xc3", "\"a\\uFFFD\""},
      {"\xed\xa0\x80", "\"\\uFFFD\\uFFFD\\uFFFD\""},  // a UTF-16 surrogate is not UTF-8
      {"'single'", "\"'single'\""},
      {"/path", "\"/path\""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(double_quoted(in), out) << in;
}

TEST(YamlScalar, Utf8Validity) {
  for (const std::string s : {"", "abc", "café", "😀", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_TRUE(is_valid_utf8(s)) << s;
  }
  for (const std::string s : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                              "\xf4\x90\x80\x80", "\xc3", "\xe2\x82", "\x80"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << s;
  }
}

}  // namespace
}  // namespace vg

namespace vg {
namespace {

TEST(YamlScalar, AppendWritesWhatScalarForYamlReturns) {
  for (std::string_view s : {"plain", "", "yes", "0700", "a: b", "- x", "line\nbreak", "\xff", "tab\there", "~"}) {
    std::string out = "prefix ";
    append_scalar_for_yaml(out, s);
    EXPECT_EQ(out, "prefix " + scalar_for_yaml(s)) << s;
  }
}

}  // namespace
}  // namespace vg
