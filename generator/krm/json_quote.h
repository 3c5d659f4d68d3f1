// The one JSON string escaper: lint's json and SARIF output, inventory's json, and the schema
// validator's canonical values and ["key"] field paths. (YAML has its own, double_quoted in
// yaml/yaml_scalar.h, which also escapes what YAML 1.1 readers reject.)
#pragma once
#include <string>
#include <string_view>

namespace vg {

// Appends a JSON string literal, quotes included: \" \\ \n \r \t, \u00XX for other control
// characters and DEL; everything else, UTF-8 included, as is.
void append_json_quoted(std::string& out, std::string_view s);

// The same as a new string.
std::string json_quote(std::string_view s);

}  // namespace vg
