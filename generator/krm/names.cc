#include "krm/names.h"

#include <algorithm>

namespace vg {
namespace {

// The API server's messages, so users can search for them.
constexpr std::string_view kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
constexpr std::string_view kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
constexpr std::string_view kLabelValueMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', "
    "or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
constexpr std::string_view kNamePartMsg =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
constexpr std::string_view kConfigKeyMsg =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', or "
    "'KEY_NAME', or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
constexpr std::string_view kQualifiedMsg =
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. "
    "'example.com/MyName')";

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// `edge` for the first and last character, `inner` for the rest; empty never matches.
template <typename Edge, typename Inner>
bool shaped(std::string_view s, Edge edge, Inner inner) {
  if (s.empty() || !edge(s.front()) || !edge(s.back())) return false;
  for (char c : s) {
    if (!inner(c)) return false;
  }
  return true;
}

bool is_label(std::string_view s) {
  return shaped(s, lower_alnum, [](char c) { return lower_alnum(c) || c == '-'; });
}

bool is_subdomain(std::string_view s) {
  for (std::size_t pos = 0;;) {
    const auto dot = s.find('.', pos);
    if (!is_label(s.substr(pos, dot == std::string_view::npos ? dot : dot - pos))) return false;
    if (dot == std::string_view::npos) return true;
    pos = dot + 1;
  }
}

bool is_name_part(std::string_view s) {
  return shaped(s, alnum, [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

std::string too_long(std::size_t max) {
  return "must be no more than " + std::to_string(max) + " characters";
}

// Both problems when both hold, as the API server lists them: a long name with a bad character
// is not fixed by shortening it alone.
std::optional<std::string> problems(std::size_t size, std::size_t max, bool shaped_ok, std::string_view shape_msg) {
  if (size <= max && shaped_ok) return std::nullopt;
  std::string out = size > max ? too_long(max) : std::string();
  if (!shaped_ok) out += (out.empty() ? "" : "; ") + std::string(shape_msg);
  return out;
}

bool config_key_char(char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; }

}  // namespace

bool is_dns1123_label(std::string_view s) { return is_label(s); }
bool is_dns1123_subdomain(std::string_view s) { return is_subdomain(s); }

std::optional<std::string> dns1123_label_error(std::string_view s) {
  return problems(s.size(), 63, is_label(s), kLabelMsg);
}

std::optional<std::string> dns1123_subdomain_error(std::string_view s) {
  return problems(s.size(), 253, is_subdomain(s), kSubdomainMsg);
}

std::optional<std::string> label_value_error(std::string_view s) {
  return problems(s.size(), 63, s.empty() || is_name_part(s), kLabelValueMsg);
}

std::optional<std::string> config_key_error(std::string_view s) {
  const bool chars_ok = !s.empty() && std::all_of(s.begin(), s.end(), config_key_char);
  if (auto e = problems(s.size(), 253, chars_ok, kConfigKeyMsg)) return e;
  // A key is a file name when the Secret is mounted as a volume.
  if (s == ".") return std::string("must not be '.'");
  if (s == "..") return std::string("must not be '..'");
  if (s.substr(0, 2) == "..") return std::string("must not start with '..'");
  return std::nullopt;
}

std::optional<std::string> qualified_name_error(std::string_view s) {
  const auto slash = s.find('/');
  std::string_view name = s;
  if (slash != std::string_view::npos) {
    if (s.find('/', slash + 1) != std::string_view::npos) return std::string(kQualifiedMsg);
    const std::string_view prefix = s.substr(0, slash);
    if (prefix.empty()) return std::string("prefix part must be non-empty");
    if (auto e = dns1123_subdomain_error(prefix)) return "prefix part " + *e;
    name = s.substr(slash + 1);
  }
  if (name.empty()) return std::string("name part must be non-empty");
  if (name.size() > 63) return "name part " + too_long(63);
  if (!is_name_part(name)) return std::string(kNamePartMsg);
  return std::nullopt;
}

}  // namespace vg
