// One report type for everything that can go wrong or be worth saying: parse errors, config errors,
// schema violations, VolSync runtime rules. Every stage returns these; output formats render them.
#pragma once
#include <string>
#include <vector>

namespace vg {

enum class Severity { kError, kWarning, kInfo };
const char* severity_name(Severity s);  // "error", "warning", "info"

// Which Kubernetes object a finding is about (KRM results `resourceRef`).
struct ResourceRef {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string namespace_;
  bool empty() const { return kind.empty() && name.empty(); }
  std::string display() const;  // "ReplicationSource default/app-backup"
};

struct Finding {
  Severity severity = Severity::kError;
  std::string rule;     // stable id, e.g. "yaml-parse", "schema", "restic-repository-url"
  std::string message;  // one line, never contains Secret values
  ResourceRef resource;
  std::string field;    // Kubernetes field path: spec.restic.retain.hourly, spec.accessModes[0]
  std::string file;     // from config.kubernetes.io/path or the lint input, when known
  int line = 0;         // 1-based, 0 when unknown
  std::string hint;     // optional one-line fix

  // "file:line: severity rule resource: message (field) [hint]" for humans and lint's text output.
  std::string to_text() const;
};

using Findings = std::vector<Finding>;

// Field paths as every finding writes them: plain keys joined by dots, other keys as ["key"]
// (annotation keys), list items as [i].
std::string join_field_path(const std::string& path, const std::string& key);
std::string join_field_index(const std::string& path, std::size_t index);

bool has_errors(const Findings& f);

// Drops repeated findings (same text), keeping the first: one source Secret checked for several
// repositories must not say the same thing twice.
void dedupe(Findings& f);

}  // namespace vg
