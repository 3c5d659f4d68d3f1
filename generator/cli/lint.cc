#include "cli/lint.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "krm/base64.h"
#include "volsync/credentials.h"
#include "yaml/doc.h"
#include "krm/io.h"
#include "krm/item.h"
#include "krm/scan.h"
#include "volsync/validate.h"

namespace vg {
namespace {

namespace fs = std::filesystem;

constexpr const char* kVolSyncApi = "volsync.backube/v1alpha1";
constexpr std::string_view kCopyMovers[] = {"restic", "rclone", "rsync", "rsyncTLS"};

// Rules of the input itself and of the cross-object checks. Per-object rules live in rules.cc.
const std::vector<RuleInfo>& extra_rules() {
  static const std::vector<RuleInfo> rules = {
      {"input-unreadable", Severity::kError, "a path could not be read", "check the path and permissions"},
      {"yaml-parse", Severity::kError, "the YAML could not be parsed", "fix the syntax at the line shown"},
      {"yaml-duplicate-key", Severity::kError,
       "a key appears twice in one mapping: strict decoders (kustomize, Flux) reject the object",
       "keep one of the two keys"},
      {"not-an-object", Severity::kError, "a YAML document is not a Kubernetes object",
       "each document must be a mapping with apiVersion and kind"},
      {"schema", Severity::kError, "the value does not match the VolSync CRD schema",
       "compare with the field's type in the CRD (kubectl explain)"},
      {"schema-unknown-field", Severity::kError,
       "a field the CRD does not define: the API server prunes it or, with strict validation, rejects it",
       "check the spelling and the nesting level (e.g. moverAffinity belongs under spec.restic)"},
      {"unsubstituted-variable", Severity::kInfo,
       "a value holds an unsubstituted ${VAR} (Flux postBuild / envsubst template): those fields are not "
       "type-checked",
       "lint the output of `flux build kustomization` or envsubst to check them"},
      {"secret-missing-key", Severity::kError,
       "a restic repository Secret lacks RESTIC_REPOSITORY or RESTIC_PASSWORD",
       "add both keys to the Secret's data or stringData"},
      {"secret-key-ignored", Severity::kWarning,
       "a key of a repository Secret that VolSync does not pass to restic (typo, or another tool's name)",
       "use the names restic reads, e.g. AWS_DEFAULT_REGION instead of AWS_REGION"},
      {"repository-shared", Severity::kError,
       "two ReplicationSources write the same restic repository: forget and restore mix their snapshots",
       "give each PVC its own Secret with its own RESTIC_REPOSITORY path"},
      {"repository-local-path", Severity::kWarning,
       "RESTIC_REPOSITORY is a local path but the mover mounts no moverVolumes",
       "mount the repository with spec.restic.moverVolumes (or make sure a policy injects it)"},
      {"repository-secret-not-found", Severity::kInfo,
       "the inputs define repository Secrets, but none with the name restic.repository gives",
       "check the Secret name, or ignore if the Secret is created elsewhere"},
      {"rs-rd-same-name", Severity::kWarning,
       "a ReplicationSource and a ReplicationDestination share a name: before VolSync v0.13 they share "
       "the cache PVC volsync-<name>-cache",
       "name the destination differently, e.g. <name>-dst"},
      {"populator-apigroup", Severity::kError,
       "a PVC dataSourceRef to a ReplicationDestination without apiGroup volsync.backube",
       "set dataSourceRef.apiGroup: volsync.backube"},
      {"populator-rd-not-snapshot", Severity::kError,
       "a PVC restores from a ReplicationDestination whose copyMethod is not Snapshot",
       "set copyMethod: Snapshot on the ReplicationDestination"},
      {"populator-rd-not-found", Severity::kInfo,
       "a PVC dataSourceRef names a ReplicationDestination that is not in the inputs",
       "check the name, or lint the ReplicationDestination together with the PVC"},
  };
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& r : lint_rules())
    if (r.id == id) return &r;
  return nullptr;
}

bool disabled(const LintOptions& o, std::string_view id) {
  return std::find(o.disabled.begin(), o.disabled.end(), id) != o.disabled.end();
}

// An unreferenced Secret with RESTIC_PASSWORD and no RESTIC_REPOSITORY is most often volsync-gen's
// source Secret before the function first marked it (kustomize never writes back).
constexpr const char* kSourceSecretAdvice =
    "; if this is volsync-gen's source Secret, annotate it config.kubernetes.io/local-config: \"true\" "
    "(volsync-gen adds that itself in kpt) or lint it together with the VolSyncBackup that names it, and "
    "lint leaves it alone";

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

bool templated(std::string_view s) { return s.find("${") != std::string_view::npos; }

// An object lint reads, with where it came from.
struct Obj {
  Doc node;
  ResourceRef ref;
  std::string file;
  int line_offset = 0;  // added to a Doc mark's 0-based line + 1
  int line = 0;         // the object's first line
  std::set<std::string> templated_fields;
};

int line_at(const Obj& o, const Doc& n) {
  if (n && n.Mark().line >= 0) return o.line_offset + n.Mark().line + 1;
  return o.line;
}

// The field path notation of schema.cc: plain keys joined by dots, others as ["key"], items as [i].
std::string join_key(const std::string& path, const std::string& key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$';
  });
  if (!plain) {
    std::string q = "[\"";
    for (char c : key) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    return path + q + "\"]";
  }
  return path.empty() ? key : path + "." + key;
}

// Paths of scalars holding ${...}, bounded (aliases may repeat subtrees).
void find_templated(const Doc& n, const std::string& path, int depth, std::size_t& budget,
                    std::set<std::string>& out) {
  if (depth > 64 || budget == 0) return;
  --budget;
  if (n.IsScalar()) {
    if (templated(n.Scalar())) out.insert(path);
  } else if (n.IsMap()) {
    for (const auto& kv : n.entries())
      if (kv.first.IsScalar()) find_templated(kv.second, join_key(path, kv.first.Scalar()), depth + 1, budget, out);
  } else if (n.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : n.items()) find_templated(item, path + "[" + std::to_string(i++) + "]", depth + 1, budget, out);
  }
}

bool is_volsync(const ResourceRef& r) {
  return r.api_version == kVolSyncApi && (r.kind == "ReplicationSource" || r.kind == "ReplicationDestination");
}
bool is_secret(const ResourceRef& r) { return r.api_version == "v1" && r.kind == "Secret"; }
bool is_pvc(const ResourceRef& r) { return r.api_version == "v1" && r.kind == "PersistentVolumeClaim"; }
bool is_other_credentials(const ResourceRef& r) {
  return (r.kind == "ExternalSecret" && r.api_version.rfind("external-secrets.io/", 0) == 0) ||
         (r.kind == "SealedSecret" && r.api_version.rfind("bitnami.com/", 0) == 0);
}
bool wanted(const ResourceRef& r) { return is_volsync(r) || is_secret(r) || is_pvc(r) || is_other_credentials(r); }
// volsync-gen's own configuration: it names the source Secrets, which are no repository Secrets.
bool is_generator_config(const ResourceRef& r) {
  return r.kind == "VolSyncBackup" && r.api_version.rfind("volsync-gen.io/", 0) == 0;
}

ResourceRef ref_of(const Doc& n) {
  ResourceRef r;
  r.api_version = scalar(n.at({"apiVersion"}));
  r.kind = scalar(n.at({"kind"}));
  r.name = scalar(n.at({"metadata", "name"}));
  r.namespace_ = scalar(n.at({"metadata", "namespace"}));
  return r;
}

class Linter {
 public:
  Linter(const LintOptions& o, LintResult& r) : opt_(o), res_(r) {}

  bool init() {
    Findings f;
    bool ok = validator_.init(opt_.schema_paths, f);
    for (auto& x : f) res_.findings.push_back(std::move(x));
    return ok;
  }

  void read(const LintSource& src) {
    Findings scan_findings;
    ScanResult scan;
    if (scan_any(src.text, opt_.limits, scan, scan_findings)) {
      for (auto& f : scan_findings) add_input_finding(std::move(f), src.name);
      if (scan.function_config) note_generator_config(src.text, *scan.function_config);
      for (const auto& span : scan.items) {
        note_generator_config(src.text, span);
        if (!wanted(span.ref())) continue;
        Obj o;
        Findings pf;
        if (!parse_item_doc(src.text, span, o.node, pf)) {  // the scan read it: only a limit can fail
          for (auto& f : pf) add_input_finding(std::move(f), src.name, true);
          continue;
        }
        o.ref = span.ref();
        o.file = src.name;
        o.line = span.line;
        o.line_offset = span.line - 1;
        objs_.push_back(std::move(o));
      }
      return;
    }
    // A duplicate key stops the streaming scan. The file is otherwise well-formed, so read it whole
    // (both keys are kept: the schema check reports them at the field) and go on. The reader
    // refuses alias cycles and caps what aliases expand to, the checks the scan did not finish.
    const bool only_duplicates = std::all_of(scan_findings.begin(), scan_findings.end(),
                                             [](const Finding& f) { return f.rule == "yaml-duplicate-key"; });
    if (!scan_findings.empty() && only_duplicates) {
      std::vector<Doc> docs;
      DocParseError error;
      if (!parse_docs(src.text, docs, error, opt_.limits, DuplicateKeys::kKeep)) {
        for (auto& f : scan_findings) add_input_finding(std::move(f), src.name, true);
        Finding f;
        f.rule = error.too_deep ? "limit-depth" : "yaml-parse";
        f.message = error.too_deep ? "nesting too deep" : "malformed YAML: " + error.message;
        f.line = error.line;
        add_input_finding(std::move(f), src.name, true);
        return;
      }
      for (auto& f : scan_findings) {
        f.file = src.name;
        pending_duplicates_.push_back(std::move(f));
      }
      for (auto& d : docs) {
        if (!d.IsMap()) continue;
        Obj o;
        o.ref = ref_of(d);
        if (is_generator_config(o.ref)) note_source_secrets(d);
        if (!wanted(o.ref)) continue;
        o.line = d.Mark().line + 1;
        o.node = std::move(d);
        o.file = src.name;
        o.line_offset = 0;
        objs_.push_back(std::move(o));
      }
      return;
    }
    for (auto& f : scan_findings) add_input_finding(std::move(f), src.name, true);
  }

  void note_generator_config(std::string_view text, const ItemSpan& span) {
    if (!is_generator_config(span.ref())) return;
    Doc config;
    Findings ignored;  // a broken config is the function's to report, not lint's
    if (parse_item_doc(text, span, config, ignored)) note_source_secrets(config);
  }

  // spec.credentials and spec.repositories[].credentials: secretName (+ secretNamespace).
  void note_source_secrets(const Doc& config) {
    const Doc& spec = config["spec"];
    auto add = [&](const Doc& credentials) {
      const Doc& name = credentials["secretName"];
      if (name.IsScalar()) source_secrets_.insert({scalar(credentials["secretNamespace"]), name.Scalar()});
    };
    add(spec["credentials"]);
    for (const Doc& repository : spec["repositories"].items()) add(repository["credentials"]);
  }

  bool named_as_source(const Obj& o) const {
    for (const auto& [ns, name] : source_secrets_)
      if (name == o.ref.name && (ns.empty() || o.ref.namespace_.empty() || ns == o.ref.namespace_)) return true;
    return false;
  }

  void run() {
    for (auto& o : objs_) {
      LintedObject lo{o.file, o.line, o.ref};
      res_.objects.push_back(lo);
      std::size_t budget = 100000;
      find_templated(o.node, "", 0, budget, o.templated_fields);
      if (!o.templated_fields.empty()) report_templated(o);
      if (is_volsync(o.ref)) check_object(o);
    }
    // The scanner's duplicate-key finding is dropped where the schema check located the same key.
    for (auto& d : pending_duplicates_) {
      bool covered = std::any_of(res_.findings.begin(), res_.findings.end(), [&](const Finding& f) {
        return f.rule == "schema" && f.file == d.file && f.line == d.line;
      });
      if (!covered) push(std::move(d));
    }
    cross_object();
  }

 private:
  void add_input_finding(Finding f, const std::string& file, bool fatal = false) {
    if (f.file.empty()) f.file = file;
    if (fatal && f.severity == Severity::kError) res_.input_error = true;
    push(std::move(f));
  }

  void push(Finding f) {
    if (disabled(opt_, f.rule)) return;
    if (f.hint.empty())
      if (const RuleInfo* r = find_rule(f.rule)) f.hint = std::string(r->hint);
    res_.findings.push_back(std::move(f));
  }

  void report(const Obj& o, std::string_view rule, const Doc& at, std::string field, std::string message) {
    const RuleInfo* r = find_rule(rule);
    Finding f;
    f.rule = std::string(rule);
    f.severity = r ? r->severity : Severity::kError;
    f.resource = o.ref;
    f.file = o.file;
    f.line = line_at(o, at);
    f.field = std::move(field);
    f.message = std::move(message);
    push(std::move(f));
  }

  void report_templated(const Obj& o) {
    std::string fields;
    std::size_t shown = 0;
    for (const auto& p : o.templated_fields) {
      if (shown++ == 4) {
        fields += ", ...";
        break;
      }
      fields += (fields.empty() ? "" : ", ") + p;
    }
    int line = o.line;
    find_first_templated(o.node, 0, line, o);
    Finding f;
    f.rule = "unsubstituted-variable";
    f.severity = Severity::kInfo;
    f.resource = o.ref;
    f.file = o.file;
    f.line = line;
    f.field = *o.templated_fields.begin();
    f.message = std::to_string(o.templated_fields.size()) + " field(s) hold unsubstituted ${VAR} templates (" +
                fields + "); their schema and rule checks are skipped";
    push(std::move(f));
  }

  static void find_first_templated(const Doc& n, int depth, int& line, const Obj& o) {
    if (depth > 64) return;
    if (n.IsScalar() && templated(n.Scalar())) {
      int l = line_at(o, n);
      if (line == o.line || l < line) line = l;
    } else if (n.IsMap()) {
      for (const auto& kv : n.entries()) find_first_templated(kv.second, depth + 1, line, o);
    } else if (n.IsSequence()) {
      for (const auto& item : n.items()) find_first_templated(item, depth + 1, line, o);
    }
  }

  void check_object(const Obj& o) {
    Findings f;
    validator_.check(o.node, o.ref, opt_.disabled, f, o.file, o.line_offset);
    for (auto& x : f) {
      // A field whose value is (or holds) a template is checked once substituted, not here.
      if (!x.field.empty() && o.templated_fields.count(x.field)) continue;
      if (!x.field.empty() && x.rule != "schema-unknown-field" && under_templated(o, x.field)) continue;
      push(std::move(x));
    }
  }

  static bool under_templated(const Obj& o, const std::string& field) {
    // e.g. spec.restic.accessModes fails as a whole when spec.restic.accessModes[0] is "${MODE}".
    for (const auto& t : o.templated_fields)
      if (t.size() > field.size() && t.compare(0, field.size(), field) == 0 && t[field.size()] == '[')
        return true;
    return false;
  }

  // ---- cross-object rules ----------------------------------------------------------------------

  struct SecretInfo {
    const Obj* obj = nullptr;
    std::map<std::string, std::string> values;  // key -> decoded value ("" when unknown)
    std::map<std::string, const Doc*> key_nodes;
    bool keys_known = false;                     // a v1 Secret (ExternalSecret keys are not read)
  };

  // Objects by name, so that looking up each of N references is not a pass over N objects.
  // An object without metadata.namespace gets one from kustomize/Flux, so "" matches any namespace.
  template <typename T>
  class ByName {
   public:
    ByName(const std::vector<T>& v, auto name_of, auto ns_of) {
      for (const auto& x : v) index_[name_of(x)].push_back({ns_of(x), &x});
    }
    const T* find(const std::string& ns, const std::string& name) const {
      auto it = index_.find(name);
      if (it == index_.end()) return nullptr;
      const T* loose = nullptr;
      for (const auto& [x_ns, x] : it->second) {  // input order, as the first match wins
        if (x_ns == ns) return x;
        if (!loose && (ns.empty() || x_ns.empty())) loose = x;
      }
      return loose;
    }

   private:
    std::unordered_map<std::string, std::vector<std::pair<std::string, const T*>>> index_;
  };

  // With a duplicated key, lenient readers (kubectl's YAML to JSON, go-yaml v2) keep the last value.
  static const Doc& last_value(const Doc& map, const std::string& key) {
    static const Doc none;
    const Doc* out = &none;
    for (const auto& kv : map.entries())
      if (kv.first.IsScalar() && kv.first.Scalar() == key) out = &kv.second;
    return *out;
  }

  static std::string credentials_name(const Obj& o) {
    if (o.ref.kind == "ExternalSecret") {
      std::string t = scalar(o.node.at({"spec", "target", "name"}));
      if (!t.empty()) return t;
    }
    if (o.ref.kind == "SealedSecret") {
      std::string t = scalar(o.node.at({"spec", "template", "metadata", "name"}));
      if (!t.empty()) return t;
    }
    return o.ref.name;
  }

  void cross_object() {
    std::vector<SecretInfo> secrets;
    for (const auto& o : objs_) {
      if (!is_secret(o.ref) && !is_other_credentials(o.ref)) continue;
      SecretInfo s;
      s.obj = &o;
      if (is_secret(o.ref)) {
        s.keys_known = true;
        const Doc& data = o.node.at({"data"});
        if (data.IsMap())
          for (const auto& kv : data.entries()) {
            const std::string k = scalar(kv.first);
            auto v = kv.second.IsScalar() ? base64_decode(kv.second.Scalar()) : std::nullopt;
            s.values[k] = v ? *v : std::string();
            s.key_nodes[k] = &kv.first;
          }
        const Doc& sd = o.node.at({"stringData"});
        if (sd.IsMap())
          for (const auto& kv : sd.entries()) {
            const std::string k = scalar(kv.first);
            s.values[k] = scalar(kv.second);
            s.key_nodes[k] = &kv.first;
          }
      }
      if (o.ref.kind == "ExternalSecret") {
        // The keys a template renders; values only where they are literal (not {{ .x }} templates).
        const Doc& data = o.node.at({"spec", "target", "template", "data"});
        if (data.IsMap())
          for (const auto& kv : data.entries()) {
            const std::string v = scalar(kv.second);
            s.values[scalar(kv.first)] = v.find("{{") == std::string::npos ? v : std::string();
          }
      }
      secrets.push_back(std::move(s));
    }
    const ByName<SecretInfo> secrets_by_name(
        secrets, [](const SecretInfo& s) { return credentials_name(*s.obj); },
        [](const SecretInfo& s) { return s.obj->ref.namespace_; });

    std::set<const Obj*> referenced;
    // RS by repository: (namespace, Secret) and, across namespaces, the RESTIC_REPOSITORY value.
    std::map<std::pair<std::string, std::string>, std::vector<const Obj*>> by_secret;
    std::map<std::string, std::vector<std::pair<const Obj*, const SecretInfo*>>> by_value;
    std::map<std::pair<std::string, std::string>, std::set<std::string>> kinds_by_name;
    std::vector<const Obj*> rds;

    for (const auto& o : objs_) {
      if (!is_volsync(o.ref)) continue;
      if (!o.ref.name.empty()) kinds_by_name[{o.ref.namespace_, o.ref.name}].insert(o.ref.kind);
      if (o.ref.kind == "ReplicationDestination") rds.push_back(&o);
      const Doc& restic = o.node.at({"spec", "restic"});
      if (!restic.IsMap()) continue;
      const std::string repo = scalar(last_value(restic, "repository"));
      if (repo.empty()) continue;
      const SecretInfo* s = secrets_by_name.find(o.ref.namespace_, repo);
      if (o.ref.kind == "ReplicationSource") by_secret[{o.ref.namespace_, repo}].push_back(&o);
      if (!s) {
        if (!secrets.empty() && !templated(repo))
          report(o, "repository-secret-not-found", restic["repository"], "spec.restic.repository",
                 "no Secret named \"" + repo + "\" among the inputs (" + std::to_string(secrets.size()) +
                     " credential object(s) seen); it must be created elsewhere");
        continue;
      }
      referenced.insert(s->obj);
      auto v = s->values.find("RESTIC_REPOSITORY");
      if (v == s->values.end() || v->second.empty() || templated(v->second)) continue;
      if (o.ref.kind == "ReplicationSource") by_value[v->second].push_back({&o, s});
      const Doc& mv = restic["moverVolumes"];
      if (v->second[0] == '/' && (!mv || mv.size() == 0))
        report(o, "repository-local-path", restic["repository"], "spec.restic.moverVolumes",
               "Secret \"" + repo + "\" sets RESTIC_REPOSITORY to a local path, but spec.restic.moverVolumes is "
               "empty: the mover only sees it if something else (e.g. an admission policy) mounts it");
    }

    // Two sources, one repository.
    for (const auto& [key, list] : by_secret) {
      if (list.size() < 2) continue;
      std::string names;
      for (const Obj* o : list) names += (names.empty() ? "" : ", ") + o->ref.name;
      for (const Obj* o : list)
        report(*o, "repository-shared", o->node.at({"spec", "restic", "repository"}), "spec.restic.repository",
               "ReplicationSources " + names + " all write the repository of Secret \"" + key.second +
                   "\": VolSync snapshots all use host volsync and path /data, so forget and restore mix them");
    }
    for (const auto& [value, list] : by_value) {
      std::set<std::string> secret_ids;
      for (const auto& [o, s] : list) secret_ids.insert(s->obj->ref.namespace_ + "/" + credentials_name(*s->obj));
      if (secret_ids.size() < 2) continue;  // one Secret: reported above
      std::string names, secret_list;
      for (const auto& [o, s] : list)
        names += (names.empty() ? "" : ", ") + o->ref.display().substr(o->ref.kind.size() + 1);
      for (const auto& id : secret_ids) secret_list += (secret_list.empty() ? "" : ", ") + id;
      for (const auto& [o, s] : list)
        report(*o, "repository-shared", o->node.at({"spec", "restic", "repository"}), "spec.restic.repository",
               "ReplicationSources " + names + " write the same RESTIC_REPOSITORY (Secrets " + secret_list +
                   "): forget and restore mix their snapshots");
    }

    // RS and RD with one name.
    for (const auto& o : objs_) {
      if (!is_volsync(o.ref) || o.ref.name.empty()) continue;
      auto it = kinds_by_name.find({o.ref.namespace_, o.ref.name});
      if (it != kinds_by_name.end() && it->second.size() == 2)
        report(o, "rs-rd-same-name", o.node.at({"metadata", "name"}), "metadata.name",
               "a ReplicationSource and a ReplicationDestination are both named \"" + o.ref.name +
                   "\": before VolSync v0.13.0 both use the cache PVC volsync-" + o.ref.name + "-cache");
    }

    // Volume populator.
    const ByName<const Obj*> rds_by_name(
        rds, [](const Obj* x) { return x->ref.name; }, [](const Obj* x) { return x->ref.namespace_; });
    for (const auto& o : objs_) {
      if (!is_pvc(o.ref)) continue;
      const char* field = "spec.dataSourceRef";
      const Doc* found = &o.node.at({"spec", "dataSourceRef"});
      if (!found->IsMap()) {
        found = &o.node.at({"spec", "dataSource"});
        field = "spec.dataSource";
      }
      const Doc& ref = *found;
      if (!ref.IsMap() || scalar(ref["kind"]) != "ReplicationDestination") continue;
      const std::string f = field;
      if (scalar(ref["apiGroup"]) != "volsync.backube")
        report(o, "populator-apigroup", ref["apiGroup"] ? ref["apiGroup"] : ref, f + ".apiGroup",
               "a " + f.substr(5) + " to a ReplicationDestination needs apiGroup: volsync.backube");
      const std::string rd_name = scalar(ref["name"]);
      const Obj* const* rd = rds_by_name.find(o.ref.namespace_, rd_name);
      if (!rd) {
        report(o, "populator-rd-not-found", ref["name"] ? ref["name"] : ref, f + ".name",
               "ReplicationDestination \"" + rd_name + "\" is not among the inputs; the PVC stays Pending until it "
               "exists and has a latestImage");
        continue;
      }
      for (auto m : kCopyMovers) {
        const Doc& ms = (*rd)->node.at({"spec", m});
        if (!ms.IsMap()) continue;
        const std::string cm = scalar(ms["copyMethod"]);
        if (cm == "Snapshot" || templated(cm)) continue;
        report(o, "populator-rd-not-snapshot", ref, f,
               "the volume populator needs ReplicationDestination \"" + rd_name + "\" to use copyMethod Snapshot (" +
                   (cm.empty() ? std::string("it has none") : "it has " + cm) +
                   "): the PVC gets \"latestImage is not a volumesnapshot\" and is never populated");
      }
    }

    // Repository Secrets: the two keys VolSync requires, and keys it ignores.
    for (const auto& s : secrets) {
      if (!s.keys_known) continue;
      const bool restic_keys = std::any_of(s.values.begin(), s.values.end(),
                                           [](const auto& kv) { return kv.first.rfind("RESTIC_", 0) == 0; });
      if (!referenced.count(s.obj) && !restic_keys) continue;
      const Obj& o = *s.obj;
      // volsync-gen's source Secret is no repository Secret and lacks RESTIC_REPOSITORY by design:
      // marked local-config it is never applied; a VolSyncBackup among the inputs may name it.
      // Unless a VolSync object names it too, skip it.
      if (!referenced.count(s.obj) &&
          (annotation_of(o.node, kLocalConfigAnnotation) == "true" || named_as_source(o)))
        continue;
      const bool has_repo = s.values.count("RESTIC_REPOSITORY"), has_pass = s.values.count("RESTIC_PASSWORD");
      const std::string field = o.node.at({"stringData"}) ? "stringData" : "data";
      const Doc* at = &o.node;  // the key `stringData:` / `data:` itself, for its line
      for (const auto& kv : o.node.entries())
        if (scalar(kv.first) == field) at = &kv.first;
      if (s.values.size() < 2 && !(has_repo && has_pass))
        report(o, "secret-missing-key", *at, field,
               std::string("repository Secret lacks ") +
                   (has_repo ? "RESTIC_PASSWORD" : has_pass ? "RESTIC_REPOSITORY" : "RESTIC_REPOSITORY and RESTIC_PASSWORD") +
                   ": VolSync fails with \"secret should have fields: [RESTIC_REPOSITORY RESTIC_PASSWORD]\"" +
                   (!referenced.count(s.obj) && has_pass ? kSourceSecretAdvice : ""));
      else
        for (const char* k : {"RESTIC_REPOSITORY", "RESTIC_PASSWORD"})
          if (!s.values.count(k))
            report(o, "secret-missing-key", *at, field,
                   std::string("repository Secret lacks ") + k + ": VolSync fails with \"secret is missing field: " +
                       k + "\"" + (!referenced.count(s.obj) && has_pass ? kSourceSecretAdvice : ""));
      for (const auto& [k, node] : s.key_nodes) {
        if (volsync_uses_key(k)) continue;
        report(o, "secret-key-ignored", *node, join_key(field, k),
               "key " + k + " is not passed to the restic mover, VolSync ignores it" + ignored_key_advice(k));
      }
    }
  }

  static std::string ignored_key_advice(const std::string& k) {
    static const std::map<std::string, std::string> kAdvice = {
        {"AWS_REGION", "; restic reads AWS_DEFAULT_REGION"},
        {"RESTIC_REPO", "; the key is RESTIC_REPOSITORY"},
        {"RESTIC_PASS", "; the key is RESTIC_PASSWORD"},
        {"RESTIC_PASSWORD_FILE", "; VolSync needs RESTIC_PASSWORD itself"},
        {"RESTIC_REPOSITORY_FILE", "; VolSync needs RESTIC_REPOSITORY itself"},
        {"RESTIC_CACERT", "; use spec.restic.customCA"},
        {"AWS_ENDPOINT", "; put the endpoint in RESTIC_REPOSITORY (s3:https://host/bucket)"},
        {"AWS_ENDPOINT_URL", "; put the endpoint in RESTIC_REPOSITORY (s3:https://host/bucket)"},
        {"S3_ENDPOINT", "; put the endpoint in RESTIC_REPOSITORY (s3:https://host/bucket)"},
        {"AWS_ACCESS_KEY", "; the key is AWS_ACCESS_KEY_ID"},
        {"AWS_SECRET_KEY", "; the key is AWS_SECRET_ACCESS_KEY"},
        {"B2_ACCOUNT_KEY_ID", "; the key is B2_ACCOUNT_ID"},
        {"B2_APPLICATION_KEY", "; the key is B2_ACCOUNT_KEY"},
        {"B2_APPLICATION_KEY_ID", "; the key is B2_ACCOUNT_ID"},
    };
    auto it = kAdvice.find(k);
    return it == kAdvice.end() ? std::string() : it->second;
  }

  const LintOptions& opt_;
  LintResult& res_;
  Validator validator_;
  std::vector<Obj> objs_;
  Findings pending_duplicates_;
  std::set<std::pair<std::string, std::string>> source_secrets_;  // (namespace or "", name) from VolSyncBackups
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
    Finding f;
    f.rule = "input-unreadable";
    f.file = shown;
    f.message = too_large ? "larger than the input limit (" + std::to_string(limits.max_input_bytes) + " bytes)"
                          : "cannot read the file";
    result.findings.push_back(std::move(f));
    result.input_error = true;
    return;
  }
  out.push_back({shown, std::move(*text)});
}

}  // namespace

const std::vector<RuleInfo>& lint_rules() {
  static const std::vector<RuleInfo> all = [] {
    std::vector<RuleInfo> v = extra_rules();
    for (const auto& r : volsync_rules()) v.push_back(r);
    return v;
  }();
  return all;
}

void collect_sources(const std::vector<std::string>& paths, std::FILE* in, const Limits& limits,
                     std::vector<LintSource>& out, LintResult& result) {
  for (const auto& p : paths) {
    if (p == "-") {
      bool too_large = false;
      auto text = read_all(in, limits.max_input_bytes, too_large);
      if (!text) {
        Finding f;
        f.rule = "input-unreadable";
        f.file = "<stdin>";
        f.message = too_large ? "stdin is larger than the input limit" : "cannot read stdin";
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
        Finding f;
        f.rule = "input-unreadable";
        f.file = p;
        f.message = "cannot list the directory: " + ec.message();
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
  Linter l(options, result);
  if (!l.init()) {
    result.input_error = true;
    return;
  }
  for (const auto& s : sources) l.read(s);
  l.run();
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
