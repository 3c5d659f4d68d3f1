#include "krm/quantity.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace vg {
namespace {

struct Suffix {
  std::string_view text;
  int decimal_exponent;  // value *= 10^decimal_exponent
  int binary_exponent;   // value *= 2^binary_exponent
};

// Two-letter suffixes first so "Mi" is not read as "M" + garbage.
constexpr std::array<Suffix, 16> kSuffixes = {{
    {"Ki", 0, 10}, {"Mi", 0, 20}, {"Gi", 0, 30}, {"Ti", 0, 40}, {"Pi", 0, 50}, {"Ei", 0, 60},
    {"n", -9, 0},  {"u", -6, 0},  {"m", -3, 0},  {"k", 3, 0},   {"M", 6, 0},   {"G", 9, 0},
    {"T", 12, 0},  {"P", 15, 0},  {"E", 18, 0},  {"", 0, 0},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t digits(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  return pos;
}

// `([0-9]+(\.[0-9]*)?)|(\.[0-9]+)` starting at pos; returns the end, or npos if absent.
std::size_t decimal(std::string_view s, std::size_t pos) {
  const std::size_t int_end = digits(s, pos);
  if (int_end > pos) {
    return int_end < s.size() && s[int_end] == '.' ? digits(s, int_end + 1) : int_end;
  }
  if (pos < s.size() && s[pos] == '.') {
    const std::size_t frac_end = digits(s, pos + 1);
    if (frac_end > pos + 1) return frac_end;
  }
  return std::string_view::npos;
}

std::size_t sign(std::string_view s, std::size_t pos) {
  return pos < s.size() && (s[pos] == '+' || s[pos] == '-') ? pos + 1 : pos;
}

struct Parts {
  std::string_view mantissa;  // with sign
  std::string_view exponent;  // after e/E, with sign; empty if none
  const Suffix* suffix;       // nullptr for e-notation
};

std::optional<Parts> split(std::string_view s) {
  const std::size_t mant_end = decimal(s, sign(s, 0));
  if (mant_end == std::string_view::npos) return std::nullopt;
  const std::string_view rest = s.substr(mant_end);
  for (const auto& suf : kSuffixes) {
    if (rest == suf.text) return Parts{s.substr(0, mant_end), {}, &suf};
  }
  if (rest[0] != 'e' && rest[0] != 'E') return std::nullopt;
  if (decimal(rest, sign(rest, 1)) != rest.size()) return std::nullopt;
  return Parts{s.substr(0, mant_end), rest.substr(1), nullptr};
}

}  // namespace

bool is_quantity(std::string_view s) { return split(s).has_value(); }

std::optional<long double> quantity_value(std::string_view s) {
  const auto p = split(s);
  if (!p) return std::nullopt;
  if (p->exponent.find('.') != std::string_view::npos) return std::nullopt;
  // One correctly rounded conversion of "<mantissa>e<exp10>" makes equal decimal values compare
  // equal ("0.1k" vs "100"); binary suffixes then scale exactly.
  std::string text(p->mantissa.substr(p->mantissa[0] == '+' ? 1 : 0));
  text += 'e';
  if (p->suffix != nullptr) {
    text += std::to_string(p->suffix->decimal_exponent);
  } else {
    text += p->exponent.substr(p->exponent[0] == '+' ? 1 : 0);
  }
  long double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Underflow ("1e-99999") is zero; overflow is no value. from_chars leaves `value` untouched.
    if (text[text.find('e') + 1] == '-') return 0.0L;
    return std::nullopt;
  }
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (p->suffix != nullptr) value = std::ldexp(value, p->suffix->binary_exponent);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

int compare_quantities(std::string_view a, std::string_view b) {
  const auto va = quantity_value(a);
  const auto vb = quantity_value(b);
  if (!va || !vb) return static_cast<int>(va.has_value()) - static_cast<int>(vb.has_value());
  return (*va > *vb) - (*va < *vb);
}

std::optional<std::string> capacity_error(std::string_view s) {
  const std::string quoted = "\"" + std::string(s) + "\"";
  if (!is_quantity(s)) return quoted + " is not a Kubernetes quantity (e.g. 2Gi)";
  const auto value = quantity_value(s);
  if (!value) return quoted + " is not a quantity Kubernetes can read (fractional exponent or out of range)";
  if (*value <= 0) return quoted + " must be greater than zero";
  return std::nullopt;
}

}  // namespace vg
