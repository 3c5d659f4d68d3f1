#include "krm/redact.h"

#include <vector>

namespace vg {
namespace {

// Where the authority of a URL in running text ends: its own delimiters (RFC 3986), or a character
// a message puts around a quoted value.
bool ends_authority(char c) {
  switch (c) {
    case '/': case '?': case '#': case ' ': case '\t': case '\r': case '\n':
    case '"': case '\'': case '`': case '<': case '>': case '\\':
      return true;
    default:
      return false;
  }
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return lines;
}

bool starts(std::string_view line, std::string_view prefix) { return line.substr(0, prefix.size()) == prefix; }

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// `kind: Secret`, also quoted or with a comment after it.
bool is_secret_kind_line(std::string_view l) {
  if (!starts(l, "kind:")) return false;
  l.remove_prefix(5);
  if (const auto hash = l.find(" #"); hash != std::string_view::npos) l = l.substr(0, hash);
  l = trim(l);
  return l == "Secret" || l == "\"Secret\"" || l == "'Secret'";
}

// One document's lines with its Secret values replaced (see redact_secret_values).
void redact_document(const std::vector<std::string_view>& lines, std::size_t begin, std::size_t end,
                     std::string& out, std::string* hidden) {
  bool secret = false;
  for (std::size_t i = begin; i < end; ++i) secret = secret || is_secret_kind_line(lines[i]);
  bool in_data = false;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string_view l = lines[i];
    const bool top_level = !l.empty() && l[0] != ' ' && l[0] != '\n' && l[0] != '\r' && l[0] != '#';
    if (top_level) {
      in_data = secret && (starts(l, "data:") || starts(l, "stringData:"));
      const std::string_view key = l.substr(0, l.find(':') + 1);
      const std::string_view rest = in_data ? trim(l.substr(key.size())) : std::string_view();
      if (!rest.empty() && rest.front() != '#') {  // `data: {A: b}`: values on the key's own line
        if (hidden) hidden->append(l);
        out.append(key);
        out += " (redacted)\n";
        continue;
      }
    }
    if (!in_data || top_level || l.empty() || l[0] != ' ') {
      out += redact_url_credentials(l);
      continue;
    }
    // "  KEY: value": keep the key; deeper lines (block scalars) are values too, and go.
    if (hidden) hidden->append(l);
    const std::size_t indent = l.find_first_not_of(' ');
    const std::size_t colon = l.find(':');
    if (indent == 2 && colon != std::string_view::npos) {
      out.append(l.substr(0, colon));
      out += ": (redacted)\n";
    }
  }
}

}  // namespace

std::string redact_url_credentials(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  for (std::size_t sep; (sep = text.find("://", pos)) != std::string_view::npos;) {
    const std::size_t authority = sep + 3;
    std::size_t end = authority;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    // The user-info ends at the authority's last '@' (a password may hold one, percent-encoded or not).
    const std::size_t at = text.substr(authority, end - authority).rfind('@');
    if (at == std::string_view::npos || at == 0) {
      out.append(text.substr(pos, authority - pos));
      pos = authority;
      continue;
    }
    out.append(text.substr(pos, authority - pos));
    out += "***";
    pos = authority + at;
  }
  out.append(text.substr(pos));
  return out;
}

std::string redact_secret_values(std::string_view text, std::string* hidden) {
  const std::vector<std::string_view> lines = split_lines(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t begin = 0; begin < lines.size();) {
    std::size_t end = begin + 1;
    while (end < lines.size() && !starts(lines[end], "---")) ++end;
    redact_document(lines, begin, end, out, hidden);
    begin = end;
  }
  return out;
}

}  // namespace vg
