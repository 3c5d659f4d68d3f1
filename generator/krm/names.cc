#include "krm/names.h"

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

}  // namespace

std::optional<std::string> dns1123_label_error(std::string_view s) {
  if (s.size() > 63) return too_long(63);
  if (!is_label(s)) return std::string(kLabelMsg);
  return std::nullopt;
}

std::optional<std::string> dns1123_subdomain_error(std::string_view s) {
  if (s.size() > 253) return too_long(253);
  if (!is_subdomain(s)) return std::string(kSubdomainMsg);
  return std::nullopt;
}

std::optional<std::string> label_value_error(std::string_view s) {
  if (s.size() > 63) return too_long(63);
  if (!s.empty() && !is_name_part(s)) return std::string(kLabelValueMsg);
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
