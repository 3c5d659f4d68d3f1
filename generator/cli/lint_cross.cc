#include "cli/lint_cross.h"

#include "cli/lint_runtime_rules.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "krm/base64.h"
#include "krm/json_quote.h"
#include "volsync/credentials.h"

namespace vg {
namespace {

constexpr const char* kVolSyncApi = "volsync.backube/v1alpha1";
constexpr std::string_view kCopyMovers[] = {"restic", "rclone", "rsync", "rsyncTLS"};

// An unreferenced Secret with RESTIC_PASSWORD and no RESTIC_REPOSITORY is most often volsync-gen's
// source Secret before the function first marked it (kustomize never writes back).
constexpr const char* kSourceSecretAdvice =
    "; if this is volsync-gen's source Secret, annotate it config.kubernetes.io/local-config: \"true\" "
    "(volsync-gen adds that itself in kpt) or lint it together with the VolSyncBackup that names it, and "
    "lint leaves it alone";

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

// The keys that say whose account a repository Secret opens, by backend: the same value in Secrets
// of several namespaces is one key whose reach spans them all (secret-key-shared). Azure's account
// name alone is no credential: the account with its key (or SAS) is. The key of each pair is the
// one that grants access.
constexpr std::pair<std::string_view, std::string_view> kAccessKeyIds[] = {
    {"AWS_ACCESS_KEY_ID", ""},
    {"B2_ACCOUNT_ID", ""},
    {"AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY"},
    {"AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_SAS"},
    {"GOOGLE_APPLICATION_CREDENTIALS", ""},
    {"RESTIC_REST_USERNAME", ""},
};

// FNV-1a: a fingerprint to compare values by, kept in place of the value (never shown).
std::uint64_t fingerprint(std::string_view a, std::string_view b) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator: ("ab","c") and ("a","bc") differ
  };
  mix(a);
  mix(b);
  return h;
}

// The access keys of a Secret whose (decoded) values are `values` (stringData wins, as in the API server).
struct KeyValue {
  std::string value, field;
  int line = 0;
};
void access_key_facts(const std::map<std::string, KeyValue>& values, LintFacts& f) {
  for (const auto& [id, with] : kAccessKeyIds) {
    auto a = values.find(std::string(id));
    if (a == values.end() || a->second.value.empty()) continue;
    auto b = with.empty() ? values.end() : values.find(std::string(with));
    if (!with.empty() && (b == values.end() || b->second.value.empty())) continue;
    f.access_keys.push_back({with.empty() ? std::string(id) : std::string(id) + "+" + std::string(with),
                             fingerprint(a->second.value, b == values.end() ? "" : b->second.value),
                             a->second.field, a->second.line});
  }
}

bool templated(std::string_view s) { return s.find("${") != std::string_view::npos; }

int line_at(const InputObject& o, const Doc& n) { return lint_line_at(o, n); }

// With a duplicated key, lenient readers (kubectl's YAML to JSON, go-yaml v2) keep the last value.
const Doc& last_value(const Doc& map, std::string_view key) {
  static const Doc none;
  const Doc* out = &none;
  for (const auto& kv : map.entries())
    if (kv.first.IsScalar() && kv.first.Scalar() == key) out = &kv.second;
  return *out;
}

std::string credentials_name(const ResourceRef& ref, const Doc& doc) {
  std::string t;
  if (ref.kind == "ExternalSecret") t = scalar(doc.at({"spec", "target", "name"}));
  if (ref.kind == "SealedSecret") t = scalar(doc.at({"spec", "template", "metadata", "name"}));
  return t.empty() ? ref.name : t;
}

void secret_facts(const InputObject& o, const Doc& doc, LintFacts& f) {
  f.credentials_name = credentials_name(f.ref, doc);
  f.local_config = annotation_of(doc, kLocalConfigAnnotation) == "true";
  auto key = [&](const std::string& k, const Doc& at, std::string value) {
    f.keys[k] = line_at(o, at);
    if (k == "RESTIC_REPOSITORY") {
      f.has_repository = true;
      f.repository = std::move(value);
    }
  };
  if (lint_is_secret(f.ref)) {
    f.keys_known = true;
    std::map<std::string, KeyValue> values;  // for the access keys; dropped here
    const Doc& data = doc["data"];
    for (const auto& kv : data.entries()) {
      auto v = kv.second.IsScalar() ? base64_decode(kv.second.Scalar()) : std::nullopt;
      key(scalar(kv.first), kv.first, v ? *v : std::string());
      values[scalar(kv.first)] = {v ? *v : std::string(), lint_join_key("data", scalar(kv.first)), line_at(o, kv.first)};
    }
    for (const auto& kv : doc["stringData"].entries()) {
      key(scalar(kv.first), kv.first, scalar(kv.second));
      values[scalar(kv.first)] = {scalar(kv.second), lint_join_key("stringData", scalar(kv.first)),
                                  line_at(o, kv.first)};
    }
    access_key_facts(values, f);
    f.data_field = doc["stringData"] ? "stringData" : "data";
    f.data_field_line = line_at(o, doc);  // the key `stringData:` / `data:` itself, for its line
    for (const auto& kv : doc.entries())
      if (scalar(kv.first) == f.data_field) f.data_field_line = line_at(o, kv.first);
  }
  if (f.ref.kind == "ExternalSecret") {
    // The keys a template renders; values only where they are literal (not {{ .x }} templates).
    for (const auto& kv : doc.at({"spec", "target", "template", "data"}).entries()) {
      const std::string v = scalar(kv.second);
      const std::string k = scalar(kv.first);
      f.keys[k] = line_at(o, kv.first);
      if (k == "RESTIC_REPOSITORY") {
        f.has_repository = true;
        f.repository = v.find("{{") == std::string::npos ? v : std::string();
      }
    }
  }
}

void volsync_facts(const InputObject& o, const Doc& doc, LintFacts& f) {
  f.name_line = line_at(o, doc.at({"metadata", "name"}));
  const Doc& restic = doc.at({"spec", "restic"});
  f.restic = restic.IsMap();
  if (f.restic) {
    f.restic_repository = scalar(last_value(restic, "repository"));
    f.restic_repository_line = line_at(o, restic["repository"]);
    const Doc& mv = restic["moverVolumes"];
    f.mover_volumes_empty = !mv || mv.size() == 0;
  }
  for (auto m : kCopyMovers) {
    const Doc& ms = doc.at({"spec", m});
    if (ms.IsMap()) f.copy_methods.push_back(scalar(ms["copyMethod"]));
  }
}

void pvc_facts(const InputObject& o, const Doc& doc, LintFacts& f) {
  const char* field = "spec.dataSourceRef";
  const Doc* found = &doc.at({"spec", "dataSourceRef"});
  if (!found->IsMap()) {
    found = &doc.at({"spec", "dataSource"});
    field = "spec.dataSource";
  }
  const Doc& ref = *found;
  if (!ref.IsMap() || scalar(ref["kind"]) != "ReplicationDestination") return;
  f.populator_field = field;
  f.populator_line = line_at(o, ref);
  f.populator_api_group = scalar(ref["apiGroup"]);
  f.populator_api_group_line = line_at(o, ref["apiGroup"] ? ref["apiGroup"] : ref);
  f.populator_name = scalar(ref["name"]);
  f.populator_name_line = line_at(o, ref["name"] ? ref["name"] : ref);
}

// Objects by name, so that looking up each of N references is not a pass over N objects.
// An object without metadata.namespace gets one from kustomize/Flux, so in its unit it matches an
// object of any namespace (lint_may_share_namespace).
class ByName {
 public:
  void add(const std::string& name, const LintFacts* x) { index_[name].push_back(x); }
  const LintFacts* find(const LintFacts& from, const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) return nullptr;
    const LintFacts* loose = nullptr;
    for (const LintFacts* x : it->second) {  // input order, as the first match wins
      if (lint_same_namespace(from, *x)) return x;
      if (!loose && lint_may_share_namespace(from, *x)) loose = x;
    }
    return loose;
  }

 private:
  std::unordered_map<std::string, std::vector<const LintFacts*>> index_;
};


std::string ignored_key_advice(const std::string& k) {
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

// The state the rules share: credentials by name, and what the VolSync objects reference.
class CrossObject {
 public:
  CrossObject(const std::vector<LintFacts>& objects, const SourceSecretNames& sources, const LintReport& report)
      : objects_(objects), sources_(sources), report_(report) {
    for (const LintFacts& o : objects_)
      if (lint_is_secret(o.ref) || lint_is_other_credentials(o.ref)) {
        secrets_.push_back(&o);
        // A secretGenerator's Secret is named <name>-<hash>: no reference to <name> finds it.
        if (!o.runtime.hash_suffix) secrets_by_name_.add(o.credentials_name, &o);
      }
  }

  void run() {
    repositories();
    shared_repositories();
    same_names();
    populator();
    secret_keys();
    shared_access_keys();
    lint_runtime_rules(objects_, report_);
  }

 private:
  // Each VolSync object's repository Secret: found, local paths, and the sources by repository.
  void repositories() {
    for (const LintFacts& o : objects_) {
      if (!lint_is_volsync(o.ref)) continue;
      if (!o.ref.name.empty()) kinds_by_name_[{lint_namespace_key(o), o.ref.name}].insert(o.ref.kind);
      if (o.ref.kind == "ReplicationDestination") rds_.add(o.ref.name, &o);
      if (!o.restic) continue;
      const std::string& repo = o.restic_repository;
      if (repo.empty()) continue;
      const LintFacts* s = secrets_by_name_.find(o, repo);
      if (o.ref.kind == "ReplicationSource") by_secret_[{lint_namespace_key(o), repo}].push_back(&o);
      if (!s) {
        // In a unit whose files lint was not all given, the Secret may be in one of the others.
        const bool partial = o.unit != 0 && !o.unit_complete;
        if (const LintFacts* near = templated(repo) || partial ? nullptr : lint_near_secret(o, repo, secrets_))
          report_(o, "repository-secret-near-name", o.restic_repository_line, "spec.restic.repository",
                  lint_near_secret_message(repo, *near),
                  near->credentials_name == repo
                      ? "set options.disableNameSuffixHash: true on the secretGenerator"
                      : "did you mean \"" + near->credentials_name + "\"? Name the Secret the object makes");
        else if (!secrets_.empty() && !templated(repo))
          report_(o, "repository-secret-not-found", o.restic_repository_line, "spec.restic.repository",
                  "no Secret named \"" + repo + "\" among the inputs (" + std::to_string(secrets_.size()) +
                      " credential object(s) seen); it must be created elsewhere");
        continue;
      }
      referenced_.insert(s);
      const std::string& v = s->repository;
      if (!s->has_repository || v.empty() || templated(v)) continue;
      if (o.ref.kind == "ReplicationSource") by_value_[v].push_back({&o, s});
      if (v[0] == '/' && o.mover_volumes_empty)
        report_(o, "repository-local-path", o.restic_repository_line, "spec.restic.moverVolumes",
                "Secret \"" + repo + "\" sets RESTIC_REPOSITORY to a local path, but spec.restic.moverVolumes is "
                "empty: the mover only sees it if something else (e.g. an admission policy) mounts it");
    }
  }

  // Two sources, one repository: through one Secret, or through Secrets with one RESTIC_REPOSITORY.
  void shared_repositories() {
    for (const auto& [key, list] : by_secret_) {
      if (list.size() < 2) continue;
      std::string names;
      for (const LintFacts* o : list) names += (names.empty() ? "" : ", ") + o->ref.name;
      for (const LintFacts* o : list)
        report_(*o, "repository-shared", o->restic_repository_line, "spec.restic.repository",
                "ReplicationSources " + names + " all write the repository of Secret \"" + key.second +
                    "\": VolSync snapshots all use host volsync and path /data, so forget and restore mix them");
    }
    for (const auto& [value, list] : by_value_)
      for (const auto& [o, s] : list) {
        // Within a unit, or across units where both namespaces are known: one cluster.
        std::vector<std::pair<const LintFacts*, const LintFacts*>> with;
        for (const auto& pair : list)
          if (pair.first == o || pair.first->unit == o->unit ||
              (!o->ref.namespace_.empty() && !pair.first->ref.namespace_.empty()))
            with.push_back(pair);
        std::set<std::string> secret_ids;
        for (const auto& [x, xs] : with) secret_ids.insert(xs->ref.namespace_ + "/" + xs->credentials_name);
        if (secret_ids.size() < 2) continue;  // one Secret: reported above
        std::string names, secret_list;
        for (const auto& [x, xs] : with)
          names += (names.empty() ? "" : ", ") + x->ref.display().substr(x->ref.kind.size() + 1);
        for (const auto& id : secret_ids) secret_list += (secret_list.empty() ? "" : ", ") + id;
        report_(*o, "repository-shared", o->restic_repository_line, "spec.restic.repository",
                "ReplicationSources " + names + " write the same RESTIC_REPOSITORY (Secrets " + secret_list +
                    "): forget and restore mix their snapshots");
      }
  }

  // RS and RD with one name.
  void same_names() {
    for (const LintFacts& o : objects_) {
      if (!lint_is_volsync(o.ref) || o.ref.name.empty()) continue;
      auto it = kinds_by_name_.find({lint_namespace_key(o), o.ref.name});
      if (it != kinds_by_name_.end() && it->second.size() == 2)
        report_(o, "rs-rd-same-name", o.name_line, "metadata.name",
                "a ReplicationSource and a ReplicationDestination are both named \"" + o.ref.name +
                    "\": before VolSync v0.13.0 both use the cache PVC volsync-" + o.ref.name + "-cache");
    }
  }

  // Volume populator: the PVC's reference, and the ReplicationDestination it names.
  void populator() {
    for (const LintFacts& o : objects_) {
      if (!lint_is_pvc(o.ref) || o.populator_field.empty()) continue;
      const std::string& f = o.populator_field;
      if (o.populator_api_group != "volsync.backube")
        report_(o, "populator-apigroup", o.populator_api_group_line, f + ".apiGroup",
                "a " + f.substr(5) + " to a ReplicationDestination needs apiGroup: volsync.backube");
      const std::string& rd_name = o.populator_name;
      const LintFacts* rd = rds_.find(o, rd_name);
      if (!rd && o.unit_complete) {  // applied without it: nothing else creates it in time
        report_(o, "populator-rd-not-in-unit", o.populator_name_line, f + ".name",
                "ReplicationDestination \"" + rd_name + "\" is not in the PVC's unit; the PVC stays Pending until "
                "it exists and has a latestImage, and a rebuild of the unit alone never makes one");
        continue;
      }
      if (!rd) {
        report_(o, "populator-rd-not-found", o.populator_name_line, f + ".name",
                "ReplicationDestination \"" + rd_name + "\" is not among the inputs; the PVC stays Pending until it "
                "exists and has a latestImage");
        continue;
      }
      for (const std::string& cm : rd->copy_methods) {
        if (cm == "Snapshot" || templated(cm)) continue;
        report_(o, "populator-rd-not-snapshot", o.populator_line, f,
                "the volume populator needs ReplicationDestination \"" + rd_name + "\" to use copyMethod Snapshot (" +
                    (cm.empty() ? std::string("it has none") : "it has " + cm) +
                    "): the PVC gets \"latestImage is not a volumesnapshot\" and is never populated");
      }
    }
  }

  bool named_as_source(const LintFacts& o) const {
    for (const auto& [ns, name] : sources_)
      if (name == o.ref.name && (ns.empty() || o.ref.namespace_.empty() || ns == o.ref.namespace_)) return true;
    return false;
  }

  // Repository Secrets: the two keys VolSync requires, and keys it ignores.
  void secret_keys() {
    for (const LintFacts* s : secrets_) {
      if (!s->keys_known) continue;
      const bool referenced = referenced_.count(s) > 0;
      const bool restic_keys = std::any_of(s->keys.begin(), s->keys.end(),
                                           [](const auto& kv) { return kv.first.rfind("RESTIC_", 0) == 0; });
      if (!referenced && !restic_keys) continue;
      // volsync-gen's source Secret is no repository Secret and lacks RESTIC_REPOSITORY by design:
      // marked local-config it is never applied; a VolSyncBackup among the inputs may name it.
      // Unless a VolSync object names it too, skip it.
      if (!referenced && (s->local_config || named_as_source(*s))) continue;
      const bool has_repo = s->keys.count("RESTIC_REPOSITORY"), has_pass = s->keys.count("RESTIC_PASSWORD");
      const std::string& field = s->data_field;
      const char* advice = !referenced && has_pass ? kSourceSecretAdvice : "";
      if (s->keys.size() < 2 && !(has_repo && has_pass))
        report_(*s, "secret-missing-key", s->data_field_line, field,
                std::string("repository Secret lacks ") +
                    (has_repo ? "RESTIC_PASSWORD" : has_pass ? "RESTIC_REPOSITORY" : "RESTIC_REPOSITORY and RESTIC_PASSWORD") +
                    ": VolSync fails with \"secret should have fields: [RESTIC_REPOSITORY RESTIC_PASSWORD]\"" + advice);
      else
        for (const char* k : {"RESTIC_REPOSITORY", "RESTIC_PASSWORD"})
          if (!s->keys.count(k))
            report_(*s, "secret-missing-key", s->data_field_line, field,
                    std::string("repository Secret lacks ") + k + ": VolSync fails with \"secret is missing field: " +
                        k + "\"" + advice);
      if (referenced) lint_repository_backend_keys(*s, report_);
      for (const auto& [k, line] : s->keys) {
        if (volsync_uses_key(k)) continue;
        report_(*s, "secret-key-ignored", line, lint_join_key(field, k),
                "key " + k + " is not passed to the restic mover, VolSync ignores it" + ignored_key_advice(k));
      }
    }
  }

  // One access key in Secrets of several namespaces: whoever reads one of them reaches what the key
  // opens for all (every namespace's backups, unless a bucket policy scopes it). Reported once, at
  // the first Secret; the value is compared by fingerprint and never shown.
  void shared_access_keys() {
    using Key = LintFacts::AccessKey;
    std::map<std::pair<std::string, std::uint64_t>, std::vector<std::pair<const LintFacts*, const Key*>>> by_key;
    for (const LintFacts* s : secrets_)
      for (const Key& k : s->access_keys) by_key[{k.key, k.fingerprint}].push_back({s, &k});
    for (const auto& [id, list] : by_key) {
      std::set<std::string> namespaces;
      for (const auto& [s, k] : list) namespaces.insert(s->ref.namespace_);
      if (namespaces.size() < 2) continue;
      std::string secrets;
      for (const auto& [s, k] : list)
        secrets += (secrets.empty() ? "" : ", ") + (s->ref.namespace_.empty() ? "(no namespace)" : s->ref.namespace_) +
                   "/" + s->ref.name;
      const auto& [first, key] = list.front();
      report_(*first, "secret-key-shared", key->line, key->field,
              "the same " + id.first + " (equal values, not shown) is in Secrets of " +
                  std::to_string(namespaces.size()) + " namespaces: " + secrets +
                  "; whoever can read one of them can use the key for all of them");
    }
  }

  const std::vector<LintFacts>& objects_;
  const SourceSecretNames& sources_;
  const LintReport& report_;
  std::vector<const LintFacts*> secrets_;
  ByName secrets_by_name_, rds_;
  std::set<const LintFacts*> referenced_;
  // RS by repository: (namespace, Secret) and, across namespaces, the RESTIC_REPOSITORY value.
  std::map<std::pair<std::string, std::string>, std::vector<const LintFacts*>> by_secret_;
  std::map<std::string, std::vector<std::pair<const LintFacts*, const LintFacts*>>> by_value_;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> kinds_by_name_;
};

}  // namespace

int lint_line_at(const InputObject& o, const Doc& n) {
  if (n && n.Mark().line >= 0) return o.mark_offset() + n.Mark().line + 1;
  return o.line();
}

// The field path notation of schema.cc: plain keys joined by dots, others as ["key"].
std::string lint_join_key(const std::string& path, const std::string& key) { return join_field_path(path, key); }

bool lint_same_namespace(const LintFacts& a, const LintFacts& b) {
  if (!a.ref.namespace_.empty()) return a.ref.namespace_ == b.ref.namespace_;
  return b.ref.namespace_.empty() && a.unit == b.unit;
}
bool lint_may_share_namespace(const LintFacts& a, const LintFacts& b) {
  return lint_same_namespace(a, b) || (a.unit == b.unit && (a.ref.namespace_.empty() || b.ref.namespace_.empty()));
}
std::string lint_namespace_key(const LintFacts& o) {
  return o.ref.namespace_.empty() ? "\x01unit " + std::to_string(o.unit) : o.ref.namespace_;
}

bool lint_is_volsync(const ResourceRef& r) {
  return r.api_version == kVolSyncApi && (r.kind == "ReplicationSource" || r.kind == "ReplicationDestination");
}
bool lint_is_volsync_version(std::string_view api_version) { return api_version == kVolSyncApi; }
bool lint_is_secret(const ResourceRef& r) { return r.api_version == "v1" && r.kind == "Secret"; }
bool lint_is_pvc(const ResourceRef& r) { return r.api_version == "v1" && r.kind == "PersistentVolumeClaim"; }
bool lint_is_other_credentials(const ResourceRef& r) {
  return (r.kind == "ExternalSecret" && r.api_version.rfind("external-secrets.io/", 0) == 0) ||
         (r.kind == "SealedSecret" && r.api_version.rfind("bitnami.com/", 0) == 0);
}

LintFacts lint_facts(const InputObject& obj, const Doc& doc) {
  LintFacts f;
  f.ref = obj.ref();
  f.file = obj.file();
  f.line = obj.line();
  if (lint_is_secret(f.ref) || lint_is_other_credentials(f.ref)) secret_facts(obj, doc, f);
  if (lint_is_volsync(f.ref)) volsync_facts(obj, doc, f);
  if (lint_is_pvc(f.ref)) pvc_facts(obj, doc, f);
  lint_runtime_facts(obj, doc, f);
  f.kopia = kopia_facts(obj, doc);
  return f;
}

void cross_object_rules(const std::vector<LintFacts>& objects, const SourceSecretNames& source_secrets,
                        const LintReport& report) {
  CrossObject(objects, source_secrets, report).run();
}

}  // namespace vg
