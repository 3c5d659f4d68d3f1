#include "cli/lint.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "cli/lint_cross.h"
#include "cli/lint_units.h"
#include "cli/lint_kopia.h"
#include "yaml/doc.h"
#include "krm/io.h"
#include "krm/object.h"
#include "krm/scan.h"
#include "volsync/validate.h"

namespace vg {
namespace {

namespace fs = std::filesystem;


bool templated(std::string_view s) { return s.find("${") != std::string_view::npos; }

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

// Paths of scalars holding ${...}, bounded (aliases may repeat subtrees).
void find_templated(const Doc& n, const std::string& path, int depth, std::size_t& budget,
                    std::set<std::string>& out) {
  if (depth > 64 || budget == 0) return;
  --budget;
  if (n.IsScalar()) {
    if (templated(n.Scalar())) out.insert(path);
  } else if (n.IsMap()) {
    for (const auto& kv : n.entries())
      if (kv.first.IsScalar())
        find_templated(kv.second, lint_join_key(path, kv.first.Scalar()), depth + 1, budget, out);
  } else if (n.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : n.items()) find_templated(item, path + "[" + std::to_string(i++) + "]", depth + 1, budget, out);
  }
}

// The line of the first scalar holding ${...}; `line` starts as the object's first line.
void find_first_templated(const InputObject& o, const Doc& n, int depth, int& line) {
  if (depth > 64) return;
  if (n.IsScalar() && templated(n.Scalar())) {
    const int l = lint_line_at(o, n);
    if (line == o.line() || l < line) line = l;
  } else if (n.IsMap()) {
    for (const auto& kv : n.entries()) find_first_templated(o, kv.second, depth + 1, line);
  } else if (n.IsSequence()) {
    for (const auto& item : n.items()) find_first_templated(o, item, depth + 1, line);
  }
}

// e.g. spec.restic.accessModes fails as a whole when spec.restic.accessModes[0] is "${MODE}".
bool under_templated(const std::set<std::string>& templated_fields, const std::string& field) {
  for (const auto& t : templated_fields)
    if (t.size() > field.size() && t.compare(0, field.size(), field) == 0 && t[field.size()] == '[') return true;
  return false;
}

// Errors that spoil one document only: the scanner stops there, the other documents are fine.
bool document_error(std::string_view rule) {
  return rule == "yaml-parse" || rule == "yaml-alias-cycle" || rule == "yaml-alias-scope" || rule == "limit-depth" ||
         rule == "limit-scalar" || rule == "limit-aliases";
}

// After this many documents that cannot be parsed, the rest of the file is not read.
constexpr int kMaxBrokenDocuments = 20;

// Blanks (spaces, newlines kept) the document of `text` holding 1-based `line`: from the line after
// the `---` before it to the line before the next `---`. False when the line is not in the text.
bool blank_document(std::string& text, int line) {
  std::vector<std::size_t> starts{0};  // offset of each line
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  if (line < 1 || static_cast<std::size_t>(line) > starts.size()) return false;
  auto separator = [&](std::size_t l) {
    const std::string_view rest = std::string_view(text).substr(starts[l]);
    return (rest.rfind("---", 0) == 0 || rest.rfind("...", 0) == 0) &&
           (rest.size() == 3 || rest[3] == ' ' || rest[3] == '\n' || rest[3] == '\r');
  };
  std::size_t target = static_cast<std::size_t>(line) - 1;
  if (separator(target) && target > 0) --target;  // an error found at the next document's start
  std::size_t first = target, last = target;
  while (first > 0 && !separator(first)) --first;
  if (separator(first)) ++first;
  while (last + 1 < starts.size() && !separator(last + 1)) ++last;
  if (first > last) return false;
  const std::size_t end = last + 1 < starts.size() ? starts[last + 1] : text.size();
  bool changed = false;
  for (std::size_t i = starts[first]; i < end; ++i)
    if (text[i] != '\n' && text[i] != ' ') text[i] = ' ', changed = true;
  return changed;
}

bool wanted(const ResourceRef& r) {
  return lint_is_volsync(r) || lint_is_secret(r) || lint_is_pvc(r) || lint_is_other_credentials(r) ||
         lint_is_kopia_maintenance(r);
}
// An object of VolSync's API group in a version VolSync does not serve: the API server refuses it, and
// lint would otherwise skip it in silence (a v1alpha2 typo).
bool unknown_volsync_version(const ResourceRef& r) {
  const std::string_view api = r.api_version;
  return (api == "volsync.backube" || api.rfind("volsync.backube/", 0) == 0) && !lint_is_volsync_version(api);
}
// volsync-gen's own configuration: it names the source Secrets, which are no repository Secrets.
bool is_generator_config(const ResourceRef& r) {
  return r.kind == "VolSyncBackup" && r.api_version.rfind("volsync-gen.io/", 0) == 0;
}

// Reads the sources one object at a time: each object's own checks (schema, runtime rules,
// templates) run as it is parsed, then only its facts for the cross-object rules are kept.
class Linter {
 public:
  Linter(const LintOptions& o, LintResult& r, const LintUnits& units) : opt_(o), res_(r), units_(units) {}

  bool init() {
    Findings f;
    bool ok = validator_.init(opt_.schema_paths, f);
    for (auto& x : f) res_.findings.push_back(std::move(x));
    return ok;
  }

  // A document that cannot be parsed is reported, and the file read again without it (its lines
  // blanked, so every other line keeps its number): the other documents are still linted.
  void read(const LintSource& src) {
    // A kustomization is read for its syntax only: it holds no objects (and often no apiVersion/kind).
    kustomization_file_ = LintUnits::is_kustomization_file(src.name);
    std::string text;  // the source with the broken documents blanked
    int last_blanked = 0;
    for (int round = 0; round < kMaxBrokenDocuments; ++round) {
      Findings broken;
      if (read_once(src.name, round == 0 ? std::string_view(src.text) : std::string_view(text), broken)) return;
      const int line = broken.front().line;
      for (auto& f : broken) add_input_finding(std::move(f), src.name, true);
      if (round == 0) text = src.text;
      if (line <= last_blanked || !blank_document(text, line)) return;
      last_blanked = line;
    }
    // Each round reads the file again: a file of broken documents must not cost that many reads.
    add_input_finding(Finding{.rule = "yaml-parse",
                              .message = "more than " + std::to_string(kMaxBrokenDocuments) +
                                         " documents cannot be parsed: the rest of the file is not checked",
                              .file = src.name,
                              .line = last_blanked},
                      src.name, true);
  }

  // True when the source was read; false with the findings of a document that cannot be parsed.
  bool read_once(const std::string& name, std::string_view text, Findings& broken) {
    Findings scan_findings;
    ScanResult scan;
    if (scan_any(text, opt_.limits, scan, scan_findings)) {
      for (auto& f : scan_findings) add_input_finding(std::move(f), name);
      if (scan.function_config) {
        InputObject config(text, *scan.function_config, name);
        note_generator_config(config);
      }
      unpack_lists(scan.items);  // the objects of a List are linted as kubectl reads them
      for (ItemSpan& span : scan.items) {
        InputObject o(text, std::move(span), name);
        if (!kubernetes_object(o.ref(), o.file(), o.line())) continue;
        note_generator_config(o);
        if (wanted(o.ref())) lint_object(o);
      }
      return true;
    }
    // A duplicate key stops the streaming scan. The file is otherwise well-formed, so read it whole
    // (both keys are kept: the schema check reports them at the field) and go on. The reader
    // refuses alias cycles and caps what aliases expand to, the checks the scan did not finish.
    // The same when a document is not an object (a top-level list, a scalar: an Ansible playbook,
    // a CI file): read whole, such documents are skipped with an info finding.
    const bool whole = std::all_of(scan_findings.begin(), scan_findings.end(), [](const Finding& f) {
      return f.rule == "yaml-duplicate-key" || f.rule == "not-an-object";
    });
    if (!scan_findings.empty() && whole) {
      std::erase_if(scan_findings, [](const Finding& f) { return f.rule == "not-an-object"; });
      return read_whole(name, text, scan_findings, broken);
    }
    const bool per_document = scan_findings.size() == 1 && document_error(scan_findings[0].rule);
    for (auto& f : scan_findings) {
      if (f.file.empty()) f.file = name;
      if (per_document) broken.push_back(std::move(f));
      else add_input_finding(std::move(f), name, true);
    }
    return !per_document;
  }

  // After every source: the duplicate keys the schema check did not report, and the cross-object rules.
  void finish() {
    // The scanner's duplicate-key finding is dropped where the schema check located the same key.
    for (auto& d : pending_duplicates_) {
      bool covered = std::any_of(res_.findings.begin(), res_.findings.end(), [&](const Finding& f) {
        return f.rule == "schema" && f.file == d.file && f.line == d.line;
      });
      if (!covered) push(std::move(d));
    }
    add_generated_secrets();
    cross_object_rules(facts_, source_secrets_,
                       [this](const LintFacts& o, std::string_view rule, int line, std::string field,
                              std::string message, std::string hint) {
                         report(o, rule, line, std::move(field), std::move(message), std::move(hint));
                       });
    kopia_cross_rules(facts_, [this](const LintFacts& o, std::string_view rule, int line, std::string field,
                                     std::string message, std::string hint) {
      report(o, rule, line, std::move(field), std::move(message), std::move(hint));
    });
    for (auto& [f, units] : unit_findings_) {
      if (units.size() == 1) f.message += " [unit " + units[0] + "]";
      else if (units.size() > 1)
        f.message += " [units " + units[0] + ", " + units[1] +
                     (units.size() > 2 ? " and " + std::to_string(units.size() - 2) + " more" : std::string()) + "]";
      push(std::move(f));
    }
  }

 private:
  bool read_whole(const std::string& name, std::string_view text, Findings& scan_findings, Findings& broken) {
    std::vector<Doc> docs;
    DocParseError error;
    if (!parse_docs(text, docs, error, opt_.limits, DuplicateKeys::kKeep)) {
      for (auto& f : scan_findings) add_input_finding(std::move(f), name, true);
      broken.push_back(Finding{.rule = error.too_deep ? "limit-depth" : "yaml-parse",
                               .message = error.too_deep ? "nesting too deep" : "malformed YAML: " + error.message,
                               .file = name,
                               .line = error.line});
      return false;
    }
    for (auto& f : scan_findings) {
      f.file = name;
      pending_duplicates_.push_back(std::move(f));
    }
    for (std::size_t i = 0; i < docs.size(); ++i) {
      Doc& d = docs[i];
      if (d.IsNull()) continue;  // an empty document
      if (!d.IsMap()) {
        kubernetes_object({}, name, d.Mark().line + 1,
                          "document " + std::to_string(i + 1) + (d.IsSequence() ? " (a list)" : " (a scalar)"));
        continue;
      }
      read_whole_object(std::move(d), name);
    }
    return true;
  }

  void read_whole_object(Doc d, const std::string& file) {
    if (!d.IsMap()) return;
    const Doc& kind = d["kind"];
    if (kind.IsScalar() && list_kind(kind.Scalar()) && d["items"].IsSequence()) {  // as the scanner unpacks it
      for (Doc& item : d.find("items")->items()) read_whole_object(std::move(item), file);
      return;
    }
    const int line = d.Mark().line + 1;
    InputObject o(std::move(d), file, line);
    if (!kubernetes_object(o.ref(), o.file(), o.line())) return;
    note_generator_config(o);
    if (wanted(o.ref())) lint_object(o);
  }

  // The object's own checks, then its facts; its tree is dropped. A PVC is read only when it may
  // hold something a rule looks at (a template, a data source); most hold neither.
  void lint_object(InputObject& o) {
    if (lint_is_pvc(o.ref()) && o.span().end > o.span().begin && !may_matter(o)) {
      res_.objects.push_back({o.file(), o.line(), o.ref()});
      LintFacts f;
      f.ref = o.ref();
      f.file = o.file();
      f.line = o.line();
      add_facts(std::move(f));
      return;
    }
    Findings pf;
    const Doc* doc = o.doc(pf);
    if (!doc) {  // the scan read it: only a limit can fail
      for (auto& f : pf) add_input_finding(std::move(f), o.file(), true);
      return;
    }
    res_.objects.push_back({o.file(), o.line(), o.ref()});
    std::set<std::string> templated_fields;
    std::size_t budget = 100000;
    if (may_be_templated(o)) find_templated(*doc, "", 0, budget, templated_fields);
    if (!templated_fields.empty()) report_templated(o, *doc, templated_fields);
    if (lint_is_volsync(o.ref()) || lint_is_kopia_maintenance(o.ref())) check_object(o, *doc, templated_fields);
    add_facts(lint_facts(o, *doc));
    o.drop_doc();
  }

  // False when the object's text cannot hold a ${VAR} value: no "${", and no escape or alias that
  // could make one.
  static bool may_be_templated(const InputObject& o) {
    if (o.span().end <= o.span().begin) return true;  // read whole: no text of its own
    const std::string_view text = o.source().substr(o.span().begin, o.span().end - o.span().begin);
    return text.find("${") != std::string_view::npos || text.find('\\') != std::string_view::npos ||
           text.find('*') != std::string_view::npos;
  }

  static bool may_matter(const InputObject& o) {
    const std::string_view text = o.source().substr(o.span().begin, o.span().end - o.span().begin);
    return may_be_templated(o) || text.find("dataSource") != std::string_view::npos;
  }

  // False, with an info finding, for YAML that is no Kubernetes object (`what` says what it is): lint
  // skips it, as kubectl would refuse it and it is no manifest. An object of VolSync's group in an
  // unknown version is reported as the API server would refuse it.
  bool kubernetes_object(const ResourceRef& r, const std::string& file, int line, std::string what = {}) {
    if (r.api_version.empty() || r.kind.empty()) {
      if (kustomization_file_) return false;
      if (what.empty())
        what = std::string("an object without ") +
               (r.api_version.empty() && r.kind.empty() ? "apiVersion and kind" : r.api_version.empty() ? "apiVersion" : "kind");
      push(Finding{.severity = Severity::kInfo,
                   .rule = "not-kubernetes",
                   .message = what + " is not a Kubernetes object: skipped",
                   .resource = r,
                   .file = file,
                   .line = line});
      return false;
    }
    if (unknown_volsync_version(r))
      push(Finding{.severity = Severity::kError,
                   .rule = "volsync-unknown-version",
                   .message = "VolSync serves " + r.kind + " as volsync.backube/v1alpha1 only, not " + r.api_version +
                              ": the API server refuses the object",
                   .resource = r,
                   .field = "apiVersion",
                   .file = file,
                   .line = line});
    return true;
  }

  void note_generator_config(InputObject& o) {
    if (!is_generator_config(o.ref())) return;
    Findings ignored;  // a broken config is the function's to report, not lint's
    if (const Doc* config = o.doc(ignored)) note_source_secrets(*config);
    o.drop_doc();
  }

  // spec.credentials and spec.repositories[].credentials: secretName and the byNamespace Secrets
  // (+ secretNamespace).
  void note_source_secrets(const Doc& config) {
    const Doc& spec = config["spec"];
    auto add = [&](const Doc& credentials) {
      const std::string ns = scalar(credentials["secretNamespace"]);
      const Doc& name = credentials["secretName"];
      if (name.IsScalar()) source_secrets_.insert({ns, name.Scalar()});
      for (const auto& kv : credentials["byNamespace"].entries())
        if (kv.second.IsScalar()) source_secrets_.insert({ns, kv.second.Scalar()});
    };
    add(spec["credentials"]);
    for (const Doc& repository : spec["repositories"].items()) add(repository["credentials"]);
  }

  void add_input_finding(Finding f, const std::string& file, bool fatal = false) {
    if (f.file.empty()) f.file = file;
    if (fatal && f.severity == Severity::kError) res_.input_error = true;
    push(std::move(f));
  }

  void push(Finding f) {
    if (rule_disabled(f.rule, opt_.disabled)) return;
    if (f.hint.empty())
      if (const RuleInfo* r = find_rule(f.rule)) f.hint = std::string(r->hint);
    res_.findings.push_back(std::move(f));
  }

  // The object in each unit it is applied in, with the namespace the unit gives it.
  void add_facts(LintFacts f) {
    const auto& members = units_.of(f.file);
    for (std::size_t i = 0; i < members.size(); ++i) {
      LintFacts copy = i + 1 < members.size() ? f : std::move(f);
      copy.unit = members[i].unit;
      copy.unit_complete = units_.complete(copy.unit);
      if (!members[i].namespace_.empty()) copy.ref.namespace_ = members[i].namespace_;
      facts_.push_back(std::move(copy));
    }
    if (members.empty()) facts_.push_back(std::move(f));
  }

  // The Secrets of kustomize secretGenerators: they count as made by their unit.
  void add_generated_secrets() {
    for (const GeneratedSecret& g : units_.generated_secrets()) {
      LintFacts f;
      f.ref = {"v1", "Secret", g.name, g.member.namespace_};
      f.file = g.file;
      f.line = g.line;
      f.credentials_name = g.name;
      f.unit = g.member.unit;
      f.runtime.hash_suffix = g.hash_suffix;
      facts_.push_back(std::move(f));
    }
  }

  // A finding of a unit's object names the unit; one object in several units (a kustomize
  // component) is reported once, naming them all.
  void report(const LintFacts& o, std::string_view rule, int line, std::string field, std::string message,
              std::string hint) {
    const RuleInfo* r = find_rule(rule);
    Finding f{.severity = r ? r->severity : Severity::kError,
              .rule = std::string(rule),
              .message = std::move(message),
              .resource = o.ref,
              .field = std::move(field),
              .file = o.file,
              .line = line,
              .hint = std::move(hint)};
    const std::string key = f.to_text();
    auto [it, fresh] = unit_index_.emplace(key, unit_findings_.size());
    if (fresh) unit_findings_.push_back({std::move(f), {}});
    auto& names = unit_findings_[it->second].second;
    if (o.unit != 0 && std::find(names.begin(), names.end(), units_.name(o.unit)) == names.end())
      names.push_back(units_.name(o.unit));
  }

  void report_templated(const InputObject& o, const Doc& doc, const std::set<std::string>& fields) {
    std::string list;
    std::size_t shown = 0;
    for (const auto& p : fields) {
      if (shown++ == 4) {
        list += ", ...";
        break;
      }
      list += (list.empty() ? "" : ", ") + p;
    }
    int line = o.line();
    find_first_templated(o, doc, 0, line);
    Finding f{.severity = Severity::kInfo,
              .rule = "unsubstituted-variable",
              .message = std::to_string(fields.size()) + " field(s) hold unsubstituted ${VAR} templates (" + list +
                         "); their schema and rule checks are skipped",
              .resource = o.ref(),
              .field = *fields.begin(),
              .file = o.file(),
              .line = line};
    push(std::move(f));
  }

  void check_object(const InputObject& o, const Doc& doc, const std::set<std::string>& templated_fields) {
    Findings f;
    validator_.check(doc, o.ref(), opt_.disabled, f, o.file(), o.mark_offset());
    for (auto& x : f) {
      // A field whose value is (or holds) a template is checked once substituted, not here.
      if (!x.field.empty() && templated_fields.count(x.field)) continue;
      if (!x.field.empty() && x.rule != "schema-unknown-field" && under_templated(templated_fields, x.field)) continue;
      push(std::move(x));
    }
  }

  const LintOptions& opt_;
  LintResult& res_;
  Validator validator_;
  std::vector<LintFacts> facts_;
  Findings pending_duplicates_;
  SourceSecretNames source_secrets_;  // (namespace or "", name) from VolSyncBackups
  const LintUnits& units_;
  bool kustomization_file_ = false;  // the source being read is a kustomization.yaml
  std::vector<std::pair<Finding, std::vector<std::string>>> unit_findings_;  // cross-object, with their units
  std::unordered_map<std::string, std::size_t> unit_index_;
};

bool yaml_name(const fs::path& p) {
  auto e = p.extension().string();
  return e == ".yaml" || e == ".yml";
}

void add_source(const std::string& path, const std::string& shown, const Limits& limits,
                std::vector<LintSource>& out, LintResult& result) {
  bool too_large = false;
  auto text = read_file(path, limits.max_input_bytes, too_large);
  if (!text) {
    Finding f{.rule = "input-unreadable",
              .message = too_large
                             ? "larger than the input limit (" + std::to_string(limits.max_input_bytes) + " bytes)"
                             : "cannot read the file",
              .file = shown};
    result.findings.push_back(std::move(f));
    result.input_error = true;
    return;
  }
  out.push_back({shown, std::move(*text)});
}

}  // namespace

void collect_sources(const std::vector<std::string>& paths, std::FILE* in, const Limits& limits,
                     std::vector<LintSource>& out, LintResult& result) {
  for (const auto& p : paths) {
    if (p == "-") {
      bool too_large = false;
      auto text = read_all(in, limits.max_input_bytes, too_large);
      if (!text) {
        Finding f{.rule = "input-unreadable",
                  .message = too_large ? "stdin is larger than the input limit" : "cannot read stdin",
                  .file = "<stdin>"};
        result.findings.push_back(std::move(f));
        result.input_error = true;
      } else {
        out.push_back({"<stdin>", std::move(*text)});
      }
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && yaml_name(it->path())) files.push_back(it->path());
      if (ec) {
        Finding f{.rule = "input-unreadable", .message = "cannot list the directory: " + ec.message(), .file = p};
        result.findings.push_back(std::move(f));
        result.input_error = true;
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) add_source(f.string(), f.string(), limits, out, result);
      continue;
    }
    add_source(p, p, limits, out, result);
  }
}

void lint_sources(const std::vector<LintSource>& sources, const LintOptions& options, LintResult& result) {
  LintUnits units;
  units.build(sources);
  Linter l(options, result, units);
  if (!l.init()) {
    result.input_error = true;
    return;
  }
  for (const auto& s : sources) l.read(s);
  l.finish();
  dedupe(result.findings);  // a file read again without a broken document reports its other findings again
  // By input order, then line: the order people read the files in.
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < sources.size(); ++i) order.emplace(sources[i].name, i);
  auto rank = [&](const Finding& f) {
    auto it = order.find(f.file);
    return it == order.end() ? std::size_t(0) : it->second + 1;
  };
  std::stable_sort(result.findings.begin(), result.findings.end(), [&](const Finding& a, const Finding& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.line < b.line;
  });
}

int lint_exit_code(const LintResult& r) {
  if (r.input_error) return 2;
  return has_errors(r.findings) ? 1 : 0;
}

}  // namespace vg
