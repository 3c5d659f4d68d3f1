#include "cli/report_format.h"

#include <algorithm>
#include <cstdio>

#include "krm/redact.h"

namespace vg {
namespace {

std::string text_format(const Findings& findings, const std::vector<RuleInfo>&) {
  std::string out;
  for (const auto& f : findings) out += f.to_text() + '\n';
  return out;
}

std::string resource_json(const ResourceRef& r) {
  return "{\"apiVersion\": " + json_quote(r.api_version) + ", \"kind\": " + json_quote(r.kind) +
         ", \"namespace\": " + json_quote(r.namespace_) + ", \"name\": " + json_quote(r.name) + "}";
}

std::string json_format(const Findings& findings, const std::vector<RuleInfo>&) {
  std::string out = "[";
  bool first = true;
  for (const auto& f : findings) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += "{\"file\": " + json_quote(f.file) + ", \"line\": " + std::to_string(f.line) +
           ", \"severity\": " + json_quote(severity_name(f.severity)) + ", \"rule\": " + json_quote(f.rule) +
           ", \"resource\": " + resource_json(f.resource) + ", \"field\": " + json_quote(f.field) +
           ", \"message\": " + json_quote(redact_url_credentials(f.message)) +
           ", \"hint\": " + json_quote(redact_url_credentials(f.hint)) + "}";
  }
  out += first ? "]\n" : "\n]\n";
  return out;
}

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "error";
}

std::string sarif_format(const Findings& findings, const std::vector<RuleInfo>& rules) {
  // Rules: the registry, plus any id a finding carries that it lacks (none: rule_registry_test).
  std::vector<RuleInfo> all = rules;
  std::vector<std::string> extra_ids;
  for (const auto& f : findings) {
    bool known = std::any_of(all.begin(), all.end(), [&](const RuleInfo& r) { return r.id == f.rule; }) ||
                 std::find(extra_ids.begin(), extra_ids.end(), f.rule) != extra_ids.end();
    if (!known) extra_ids.push_back(f.rule);
  }
  for (const auto& id : extra_ids)
    all.push_back(RuleInfo{.id = id, .severity = Severity::kError, .group = RuleGroup::kInput, .summary = id});
  auto index_of = [&](const std::string& id) {
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].id == id) return i;
    return std::size_t(0);
  };

  std::string out =
      "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
      "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n          \"name\": \"volsync-gen\",\n"
      "          \"version\": " + json_quote(VG_VERSION) + ",\n"
      "          \"rules\": [";
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& r = all[i];
    out += i ? ",\n            " : "\n            ";
    out += "{\"id\": " + json_quote(r.id) + ", \"shortDescription\": {\"text\": " + json_quote(r.summary) +
           "}, \"help\": {\"text\": " + json_quote(r.hint) + "}, \"defaultConfiguration\": {\"level\": " +
           json_quote(sarif_level(r.severity)) + "}}";
  }
  out += "\n          ]\n        }\n      },\n      \"results\": [";
  bool first = true;
  for (const auto& f : findings) {
    out += first ? "\n        " : ",\n        ";
    first = false;
    std::string message = redact_url_credentials(f.message);
    if (!f.resource.empty()) message = f.resource.display() + ": " + message;
    if (!f.field.empty()) message += " (field " + f.field + ")";
    if (!f.hint.empty()) message += "; hint: " + redact_url_credentials(f.hint);
    out += "{\"ruleId\": " + json_quote(f.rule) + ", \"ruleIndex\": " + std::to_string(index_of(f.rule)) +
           ", \"level\": " + json_quote(sarif_level(f.severity)) + ", \"message\": {\"text\": " +
           json_quote(message) + "}";
    if (!f.file.empty()) {
      out += ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": " + json_quote(f.file) + "}";
      if (f.line > 0) out += ", \"region\": {\"startLine\": " + std::to_string(f.line) + "}";
      out += "}";
      if (!f.resource.empty())
        out += ", \"logicalLocations\": [{\"fullyQualifiedName\": " + json_quote(f.resource.display()) +
               ", \"kind\": \"resource\"}]";
      out += "}]";
    }
    out += "}";
  }
  out += first ? "]\n    }\n  ]\n}\n" : "\n      ]\n    }\n  ]\n}\n";
  return out;
}

// GitHub workflow commands: data escapes %, CR, LF; properties also : and ,.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string github_format(const Findings& findings, const std::vector<RuleInfo>&) {
  std::string out;
  for (const auto& f : findings) {
    const char* cmd = f.severity == Severity::kError ? "error" : f.severity == Severity::kWarning ? "warning" : "notice";
    out += "::";
    out += cmd;
    std::string props;
    if (!f.file.empty()) props += "file=" + gh_escape(f.file, true);
    if (f.line > 0) props += (props.empty() ? "" : ",") + std::string("line=") + std::to_string(f.line);
    props += (props.empty() ? "" : ",") + std::string("title=") + gh_escape(f.rule, true);
    out += ' ' + props + "::";
    std::string message = redact_url_credentials(f.message);
    if (!f.resource.empty()) message = f.resource.display() + ": " + message;
    if (!f.field.empty()) message += " (field " + f.field + ")";
    if (!f.hint.empty()) message += "; hint: " + redact_url_credentials(f.hint);
    out += gh_escape(message, false) + '\n';
  }
  return out;
}

}  // namespace

const std::vector<ReportFormat>& report_formats() {
  static const std::vector<ReportFormat> formats = {
      {"text", "file:line: severity rule resource: message", text_format},
      {"json", "a JSON array of findings", json_format},
      {"sarif", "SARIF 2.1.0 for code scanning", sarif_format},
      {"github", "GitHub Actions workflow commands (annotations)", github_format},
  };
  return formats;
}

const ReportFormat* find_report_format(std::string_view name) {
  for (const auto& f : report_formats())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace vg
