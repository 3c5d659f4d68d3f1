#include "yaml/yaml_scalar.h"

#include <array>
#include <cstdint>

namespace vg {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_of(std::string_view s, std::string_view allowed) {
  return s.find_first_not_of(allowed) == std::string_view::npos;
}

// Case-insensitive, so a superset of every schema's spelling list; `<<` is YAML 1.1's merge key
// (kpt rewrites it as `!!merge <<`) and `=` its value key.
constexpr std::array<std::string_view, 10> kSpecialWords = {
    "null", "~", "<<", "=", ".inf", "+.inf", "-.inf", ".nan", "+.nan", "-.nan",
};

constexpr std::array<std::string_view, 8> kBools = {"y", "yes", "n", "no", "true", "false", "on",
                                                     "off"};

struct BasePrefix {
  char letter;  // after the leading 0, either case (Go's ParseInt base 0 accepts 0X, 0O, 0B)
  std::string_view digits;
};

constexpr std::array<BasePrefix, 3> kBasePrefixes = {{
    {'x', "0123456789abcdefABCDEF_"},
    {'o', "01234567_"},
    {'b', "01_"},
}};

// 0x1F, 0o700, 0b101 (without sign).
bool is_prefixed_int(std::string_view s) {
  if (s.size() < 3 || s[0] != '0') return false;
  for (const auto& p : kBasePrefixes) {
    if (lower(s[1]) == p.letter) return all_of(s.substr(2), p.digits);
  }
  return false;
}

// Decimal ints and floats of every schema, with underscores and sexagesimal colons (without sign).
// Covers 0700, 1_000, 12:30:00, 1.5, .5, 1., 1e3, 1.5E-3, 30-digit numbers; also 1.2.3.
bool is_decimal_like(std::string_view s) {
  std::string_view mantissa = s;
  const auto e = s.find_first_of("eE");
  if (e != std::string_view::npos) {
    std::string_view exp = s.substr(e + 1);
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.remove_prefix(1);
    if (exp.empty() || !all_of(exp, "0123456789")) return false;
    mantissa = s.substr(0, e);
  }
  if (mantissa.empty() || !(is_digit(mantissa[0]) || mantissa[0] == '.')) return false;
  return all_of(mantissa, "0123456789_.:") &&
         mantissa.find_first_of("0123456789") != std::string_view::npos;
}

bool is_number(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return is_prefixed_int(s) || is_decimal_like(s);
}

// YAML 1.1 timestamps all start with YYYY-M (2023-01-01, 2001-12-14t21:59:43.10-05:00); go-yaml
// and kustomize turn them into dates, so anything starting like one is treated as one.
bool is_timestamp_like(std::string_view s) {
  return s.size() >= 6 && all_of(s.substr(0, 4), "0123456789") && s[4] == '-' && is_digit(s[5]);
}

constexpr std::string_view kLeadingIndicators = "-?:,[]{}#&*!|>'\"%@`";
// Not allowed inside a plain scalar in flow context; PyYAML also ends a flow plain scalar at '?'.
constexpr std::string_view kFlowBreakers = ",[]{}?";

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if invalid (overlong, surrogate,
// beyond U+10FFFF, truncated).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  struct Form {
    unsigned char mask, value;
    std::size_t len;
    char32_t min;
  };
  static constexpr std::array<Form, 4> kForms = {{
      {0x80, 0x00, 1, 0x0}, {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000},
  }};
  for (const auto& f : kForms) {
    if ((b0 & f.mask) != f.value) continue;
    if (i + f.len > s.size()) return 0;
    cp = b0 & static_cast<unsigned char>(~f.mask);
    for (std::size_t k = 1; k < f.len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < f.min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return f.len;
  }
  return 0;
}

// Characters that may not appear raw: YAML 1.1 (PyYAML) rejects non-printable characters
// anywhere, treats U+0085/U+2028/U+2029 as line breaks, and a BOM is a stream marker.
bool needs_escape(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

// Every generated value passes here, so it is one pass over the bytes: printable ASCII other than
// the flow breakers, or a valid UTF-8 sequence that needs no escape; never ": " or " #".
bool structure_plain_safe(std::string_view s) {
  static constexpr auto kAsciiSafe = [] {
    std::array<bool, 128> safe{};
    for (int c = 0x20; c < 0x7F; ++c) safe[static_cast<std::size_t>(c)] = kFlowBreakers.find(static_cast<char>(c)) == std::string_view::npos;
    return safe;
  }();
  if (s.empty() || kLeadingIndicators.find(s.front()) != std::string_view::npos || s.front() == ' ' ||
      s.back() == ' ' || s.back() == ':' || s.substr(0, 3) == "...")
    return false;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (!kAsciiSafe[c]) return false;
      if (i + 1 < s.size() && ((c == ':' && s[i + 1] == ' ') || (c == ' ' && s[i + 1] == '#'))) return false;
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0 || needs_escape(cp)) return false;
    i += len;
  }
  return true;
}

void append_u_escape(std::string& out, char32_t cp) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
}

}  // namespace

bool is_yaml11_bool(std::string_view s) {
  for (std::string_view b : kBools) {
    if (iequals(s, b)) return true;
  }
  return false;
}

bool is_implicitly_typed(std::string_view s) {
  if (s.empty()) return true;
  // Every typed form (bools, null, numbers, timestamps, .inf, ~, <<, =) starts with one of these;
  // names and paths mostly do not, and every generated value is asked.
  static constexpr std::string_view kTypedStarts = "0123456789+-.~<=yYnNtTfFoO";
  if (kTypedStarts.find(s.front()) == std::string_view::npos) return false;
  if (is_yaml11_bool(s) || is_number(s) || is_timestamp_like(s)) return true;
  for (std::string_view w : kSpecialWords) {
    if (iequals(s, w)) return true;
  }
  return false;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool plain_is_safe(std::string_view s) {
  return structure_plain_safe(s) && !is_implicitly_typed(s);
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      append_u_escape(out, 0xFFFD);
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (needs_escape(cp)) {
          append_u_escape(out, cp);
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  out += '"';
  return out;
}

std::string scalar_for_yaml(std::string_view s) {
  return plain_is_safe(s) ? std::string(s) : double_quoted(s);
}

void append_scalar_for_yaml(std::string& out, std::string_view s) {
  if (plain_is_safe(s)) out.append(s);
  else out += double_quoted(s);
}

}  // namespace vg
