#include "volsync/template.h"

#include <fstream>
#include <sstream>

#include "krm/embedded.h"
#include "yaml/emit.h"
#include "krm/yaml_error.h"

namespace vg {
namespace {

constexpr int kMaxDepth = 64;

struct Placeholder {
  std::string name;
  bool optional = false;
};

// Splits "a-${x}-b" into literal and placeholder parts; nullopt on syntax errors.
struct Part {
  bool is_var = false;
  std::string text;  // literal text, or variable name
  bool optional = false;
};

std::optional<std::vector<Part>> split(const std::string& s, std::string& error) {
  std::vector<Part> parts;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t open = s.find("${", pos);
    if (open == std::string::npos) {
      parts.push_back({false, s.substr(pos), false});
      break;
    }
    if (open > pos) parts.push_back({false, s.substr(pos, open - pos), false});
    std::size_t close = s.find('}', open + 2);
    if (close == std::string::npos) {
      error = "unterminated placeholder in \"" + s + "\"";
      return std::nullopt;
    }
    std::string name = s.substr(open + 2, close - open - 2);
    bool optional = !name.empty() && name.back() == '?';
    if (optional) name.pop_back();
    if (name.empty()) {
      error = "empty placeholder ${} in \"" + s + "\"";
      return std::nullopt;
    }
    parts.push_back({true, name, optional});
    pos = close + 1;
  }
  return parts;
}

bool is_known(const std::string& name) {
  for (const auto& v : template_variables())
    if (v == name) return true;
  return false;
}

// `path`: the field path of `n` in the object the template makes, for every finding.
void check_node(const Doc& n, const Template& t, const std::string& path, int depth, Findings& out) {
  if (depth > kMaxDepth) {
    out.push_back(Finding{.severity = Severity::kError,
                          .rule = "template",
                          .message = "template nesting too deep",
                          .field = path,
                          .file = t.source});
    return;
  }
  auto check_scalar = [&](const Doc& s) {
    std::string err;
    auto parts = split(s.Scalar(), err);
    int line = s.Mark().line >= 0 ? s.Mark().line + 1 : 0;
    if (!parts) {
      out.push_back(Finding{.severity = Severity::kError,
                            .rule = "template",
                            .message = err,
                            .field = path,
                            .file = t.source,
                            .line = line});
      return;
    }
    for (const auto& p : *parts)
      if (p.is_var && !is_known(p.text))
        out.push_back(Finding{.severity = Severity::kError,
                              .rule = "template",
                              .message = "unknown variable ${" + p.text + "}",
                              .field = path,
                              .file = t.source,
                              .line = line,
                              .hint = "known variables are listed in the README (Templates)"});
  };
  if (n.IsScalar()) {
    check_scalar(n);
  } else if (n.IsMap()) {
    for (const auto& kv : n.entries()) {
      if (kv.first.IsScalar() && kv.first.Scalar().find("${") != std::string::npos) {
        int line = kv.first.Mark().line + 1;
        out.push_back(Finding{.severity = Severity::kError,
                              .rule = "template",
                              .message = "placeholders are not allowed in keys",
                              .field = join_field_path(path, kv.first.Scalar()),
                              .file = t.source,
                              .line = line});
      }
      check_node(kv.second, t, join_field_path(path, kv.first.IsScalar() ? kv.first.Scalar() : "?"), depth + 1,
                 out);
    }
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.items().size(); ++i)
      check_node(n.items()[i], t, join_field_index(path, i), depth + 1, out);
  }
}

bool load_one(const std::string& dir, const std::string& name, Template& t, Findings& out) {
  t.name = name;
  std::string text;
  if (dir.empty()) {
    t.source = "templates/" + name + ".yaml";
    auto f = embedded_file(t.source);
    if (!f) {
      out.push_back(Finding{.severity = Severity::kError,
                            .rule = "template",
                            .message = "embedded template missing",
                            .file = t.source});
      return false;
    }
    text = std::string(*f);
  } else {
    t.source = dir + "/" + name + ".yaml";
    std::ifstream in(t.source, std::ios::binary);
    if (!in) {
      out.push_back(Finding{
          .severity = Severity::kError,
          .rule = "template",
          .message = "cannot read template file",
          .file = t.source,
          .hint =
              "--templates DIR must hold secret.yaml, replicationsource.yaml and replicationdestination.yaml"});
      return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  // The reader applies the input's limits and refuses duplicate keys: a billion-laughs or
  // self-referencing template fails here, before any walk over it.
  DocParseError err;
  if (!parse_doc(text, t.root, err)) {
    Finding f = yaml_error_finding(err, t.source);
    f.rule = "template";
    out.push_back(std::move(f));
    return false;
  }
  if (!t.root.IsMap()) {
    out.push_back(Finding{.severity = Severity::kError,
                          .rule = "template",
                          .message = "a template must be one YAML object",
                          .file = t.source});
    return false;
  }
  std::size_t before = out.size();
  check_node(t.root, t, "", 0, out);
  return out.size() == before;
}

bool is_unset(const Vars& vars, const std::string& name) {
  auto it = vars.find(name);
  return it == vars.end() || !it->second.IsDefined() || it->second.IsNull();
}

struct Expander {
  const Template& t;
  const Vars& vars;
  Findings& out;
  bool ok = true;

  // Where run() is: a key, or an index when key is null. The field path is built only for a finding.
  struct Step {
    const std::string* key;
    std::size_t index;
  };
  std::vector<Step> steps;

  std::string field_path() const {
    std::string path;
    for (const Step& s : steps) path = s.key ? join_field_path(path, *s.key) : join_field_index(path, s.index);
    return path;
  }

  void fail(const Doc& at, std::string msg) {
    ok = false;
    out.push_back(Finding{.severity = Severity::kError,
                          .rule = "template",
                          .message = std::move(msg),
                          .field = field_path(),
                          .file = t.source,
                          .line = at.Mark().line >= 0 ? at.Mark().line + 1 : 0});
  }

  // Returns the substituted node; `drop` is set when an optional placeholder is unset.
  Doc run(const Doc& n, bool& drop) {
    drop = false;
    if (n.IsMap()) {
      Doc m = Doc::map();
      m.set_mark(n.Mark());
      m.entries().reserve(n.size());
      for (const auto& kv : n.entries()) {
        bool d = false;
        static const std::string unknown = "?";
        steps.push_back({kv.first.IsScalar() ? &kv.first.Scalar() : &unknown, 0});
        Doc v = run(kv.second, d);
        steps.pop_back();
        if (!d) m.add(kv.first, std::move(v));
      }
      return m;
    }
    if (n.IsSequence()) {
      Doc s = Doc::sequence();
      s.set_mark(n.Mark());
      for (std::size_t i = 0; i < n.items().size(); ++i) {
        bool d = false;
        steps.push_back({nullptr, i});
        Doc v = run(n.items()[i], d);
        steps.pop_back();
        if (!d) s.push_back(std::move(v));
      }
      return s;
    }
    if (!n.IsScalar() || n.Scalar().find("${") == std::string::npos) return n;
    std::string err;
    auto parts = split(n.Scalar(), err);
    if (!parts) {
      fail(n, err);
      return Doc();
    }
    if (parts->size() == 1 && (*parts)[0].is_var) {
      const Part& p = (*parts)[0];
      if (is_unset(vars, p.text)) {
        if (p.optional) drop = true;
        else fail(n, "variable ${" + p.text + "} has no value");
        return Doc();
      }
      return vars.find(p.text)->second;
    }
    std::string s;
    for (const auto& p : *parts) {
      if (!p.is_var) {
        s += p.text;
        continue;
      }
      if (is_unset(vars, p.text)) {
        if (!p.optional) fail(n, "variable ${" + p.text + "} has no value");
        continue;
      }
      const Doc& v = vars.find(p.text)->second;
      if (!v.IsScalar()) {
        fail(n, "variable ${" + p.text + "} is not a scalar and cannot be part of a string");
        continue;
      }
      s += v.Scalar();
    }
    return Doc::string(std::move(s));
  }
};

}  // namespace

const std::vector<std::string>& template_variables() {
  static const std::vector<std::string> vars = {
      "namespace",        "pvc.name",          "secret.name",          "secret.data",
      "rs.name",          "rd.name",           "schedule",             "copyMethod",
      "restoreCopyMethod", "restoreTrigger",   "pruneIntervalDays",    "retain",
      "storageClassName", "restoreStorageClassName", "volumeSnapshotClassName", "cacheCapacity",
      "cacheStorageClassName", "cacheAccessModes", "moverSecurityContext", "accessModes",
      "capacity",         "destinationPVC",    "paused",               "unlock",
      "moverVolumes",     "es.apiVersion",     "es.refreshInterval",   "es.storeKind",
      "es.storeName",     "es.templateData",   "es.data",              "es.dataFrom",
      "sourceAccessModes", "customCA",         "moverResources",       "moverAffinity",
      "moverServiceAccount", "cleanupTempPVC",  "cleanupCachePVC",      "enableFileDeletion",
      "previous",         "restoreAsOf",       "es.deletionPolicy",
      // kopia mover (kopia-*.yaml)
      "compression",      "parallelism",       "actions",              "sourceIdentity",
      "maintenanceSchedule", "maintenance.name",
  };
  return vars;
}

bool load_templates(const std::string& dir, TemplateSet& out, Findings& findings) {
  bool ok = load_one(dir, "secret", out.secret, findings);
  ok = load_one(dir, "replicationsource", out.replication_source, findings) && ok;
  ok = load_one(dir, "replicationdestination", out.replication_destination, findings) && ok;
  // Only needed by the externalSecret credentials mode: a --templates dir may omit it.
  if (!dir.empty() && !std::ifstream(dir + "/externalsecret.yaml")) {
    Findings ignored;
    ok = load_one("", "externalsecret", out.external_secret, ignored) && ok;
  } else {
    ok = load_one(dir, "externalsecret", out.external_secret, findings) && ok;
  }
  // Only needed by the kopia mover: a --templates dir may omit them (the embedded ones are used).
  for (auto [name, t] : {std::pair{"kopia-replicationsource", &out.kopia_replication_source},
                         std::pair{"kopia-replicationdestination", &out.kopia_replication_destination},
                         std::pair{"kopia-maintenance", &out.kopia_maintenance}}) {
    const bool given = !dir.empty() && static_cast<bool>(std::ifstream(dir + "/" + name + ".yaml"));
    ok = load_one(given ? dir : "", name, *t, findings) && ok;
  }
  return ok;
}

std::optional<Doc> expand(const Template& t, const Vars& vars, Findings& findings) {
  Expander e{t, vars, findings};
  bool drop = false;
  Doc n = e.run(t.root, drop);
  if (!e.ok) return std::nullopt;
  return n;
}

}  // namespace vg
