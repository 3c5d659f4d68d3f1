// Writing strings into YAML so that every reader we feed (YAML 1.1: kubectl / sigs.k8s.io/yaml,
// PyYAML; YAML 1.2: kyaml / kpt, yaml-cpp) reads back the same string. yaml-cpp's emitter quotes
// only null-like strings, so `yes`, `0700` or `2023-01-01` would come back as bool, int or date.
#pragma once
#include <string>
#include <string_view>

namespace vg {

// y/yes/n/no/true/false/on/off in any letter case (a superset of the YAML 1.1 spellings).
bool is_yaml11_bool(std::string_view s);

// Some YAML 1.1 or 1.2 reader (spec or a common implementation) would resolve the plain scalar `s`
// to something other than a string: bool, null, int (decimal, octal, hex, binary, sexagesimal,
// with underscores), float (incl. .inf/.nan), timestamp, merge key `<<`, value key `=`.
bool is_implicitly_typed(std::string_view s);

bool is_valid_utf8(std::string_view s);

// `s` may be written unquoted in block or flow context and is read back as the same string.
// Deliberately conservative: strings containing , [ ] { } ? (which break flow context, '?' in
// PyYAML) or that merely resemble numbers (1.2.3, 10.0.0.1) are quoted too, since quoting never
// changes a string's meaning.
bool plain_is_safe(std::string_view s);

// A JSON-compatible double-quoted scalar: \" \\ \n \t \r, \uXXXX for other control and
// non-printable characters (DEL, C1, U+2028/2029, BOM, U+FFFE/FFFF); other valid UTF-8 is kept.
// YAML cannot carry invalid UTF-8, so each invalid byte becomes \uFFFD; check is_valid_utf8 first
// where that matters.
std::string double_quoted(std::string_view s);

// s itself if plain_is_safe(s), else double_quoted(s).
std::string scalar_for_yaml(std::string_view s);
// The same, appended to `out` (no string made per scalar: the writer's hot path).
void append_scalar_for_yaml(std::string& out, std::string_view s);

}  // namespace vg
