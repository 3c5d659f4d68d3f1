#include "krm/finding.h"

#include <algorithm>

#include "krm/json_quote.h"
#include "krm/redact.h"

namespace vg {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "error";
}

std::string ResourceRef::display() const {
  std::string out = kind.empty() ? std::string("object") : kind;
  out += ' ';
  if (!namespace_.empty()) out += namespace_ + '/';
  out += name.empty() ? std::string("<unnamed>") : name;
  return out;
}

std::string Finding::to_text() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ':' + std::to_string(line);
    out += ": ";
  } else if (line > 0) {
    out += "<stdin>:" + std::to_string(line) + ": ";
  }
  out += severity_name(severity);
  out += ' ';
  out += rule;
  if (!resource.empty()) out += ' ' + resource.display();
  out += ": ";
  // One finding, one line: values quoted into messages may hold newlines.
  for (char c : redact_url_credentials(message)) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  if (!field.empty()) out += " (field " + field + ")";
  if (!hint.empty()) out += "; hint: " + redact_url_credentials(hint);
  return out;
}

std::string join_field_path(const std::string& path, const std::string& key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$';
  });
  if (!plain) return path + "[" + json_quote(key) + "]";
  return path.empty() ? key : path + "." + key;
}

std::string join_field_index(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

void dedupe(Findings& f) {
  std::vector<std::string> seen;
  Findings out;
  for (auto& x : f) {
    std::string key = x.to_text();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    out.push_back(std::move(x));
  }
  f = std::move(out);
}

bool has_errors(const Findings& f) {
  for (const auto& x : f)
    if (x.severity == Severity::kError) return true;
  return false;
}

}  // namespace vg
