#include "krm/json_quote.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(JsonQuote, Cases) {
  struct {
    std::string_view in;
    const char* out;
  } cases[] = {
      {"", R"("")"},
      {"plain", R"("plain")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"C:\\dir", R"("C:\\dir")"},
      {"a\nb\rc\td", R"("a\nb\rc\td")"},
      {std::string_view("\0\x01\x1f\x7f", 4), R"("\u0000\u0001\u001f\u007f")"},
      {"caf\xc3\xa9 \xe2\x80\xa8", "\"caf\xc3\xa9 \xe2\x80\xa8\""},  // UTF-8 as is, U+2028 is valid JSON
      {"</script>", R"("</script>")"},
  };
  for (const auto& c : cases) EXPECT_EQ(json_quote(c.in), c.out) << c.in;
}

TEST(JsonQuote, Appends) {
  std::string out = "[";
  append_json_quoted(out, "a");
  out += ',';
  append_json_quoted(out, "b\"");
  out += ']';
  EXPECT_EQ(out, R"(["a","b\""])");
}

}  // namespace
}  // namespace vg
