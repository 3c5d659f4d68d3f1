#include "cli/lint_units.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "yaml/doc.h"

namespace vg {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxDepth = 64;  // kustomizations including each other (a cycle kustomize refuses)

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

std::string strip_slash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string absolute_path(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) a = p;
  return strip_slash(a.lexically_normal().string());
}

// A resource kustomize fetches (git URL, http): nothing of the repository to lint.
bool remote(const std::string& entry) {
  return entry.find("://") != std::string::npos || entry.rfind("github.com/", 0) == 0 ||
         entry.find("?ref=") != std::string::npos || entry.rfind("git@", 0) == 0;
}

bool under(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

void add_strings(const Doc& list, std::vector<std::string>& out) {
  for (const Doc& item : list.items())
    if (item.IsScalar() && !item.Scalar().empty() && !remote(item.Scalar())) out.push_back(item.Scalar());
}

}  // namespace

void LintUnits::build(const std::vector<LintSource>& sources) {
  for (const LintSource& s : sources)
    if (s.name != "<stdin>") files_.emplace(absolute_path(s.name), s.name);
  for (const LintSource& s : sources) {
    if (s.name == "<stdin>") continue;
    if (is_kustomization_file(s.name)) read_kustomization(s, fs::path(absolute_path(s.name)).parent_path().string());
    if (s.text.find("kustomize.toolkit.fluxcd.io") != std::string::npos) read_flux(s);
  }
  if (kustomizations_.empty() && flux_.empty()) return;
  std::set<std::string> included, flux_paths;
  for (const auto& [dir, k] : kustomizations_)
    for (const auto& entry : k.includes) included.insert(absolute_path(fs::path(dir) / entry));
  for (const Flux& k : flux_) {
    flux_paths.insert(resolve_flux_path(k.path));
    add_flux_unit(k);
  }
  for (const auto& [dir, k] : kustomizations_) {
    if (included.count(dir) || flux_paths.count(dir) || walked_.count(dir)) continue;
    walk(dir, {new_unit(k.shown_dir), ""}, 0);
  }
}

bool LintUnits::is_kustomization_file(const std::string& name) {
  const std::string base = fs::path(name).filename().string();
  return base == "kustomization.yaml" || base == "kustomization.yml";
}

const std::vector<UnitMember>& LintUnits::of(const std::string& file) const {
  static const std::vector<UnitMember> none;
  auto it = members_.find(file);
  return it == members_.end() ? none : it->second;
}

void LintUnits::read_kustomization(const LintSource& src, const std::string& dir) {
  std::vector<Doc> docs;
  DocParseError error;
  if (!parse_docs(src.text, docs, error) || docs.empty() || !docs[0].IsMap()) return;  // lint reports it
  const Doc& d = docs[0];
  const std::string api = scalar(d["apiVersion"]), kind = scalar(d["kind"]);
  if (!api.empty() && api.rfind("kustomize.config.k8s.io/", 0) != 0) return;
  if (!kind.empty() && kind != "Kustomization" && kind != "Component") return;
  Kustomization k;
  k.shown_dir = fs::path(src.name).parent_path().string();
  if (k.shown_dir.empty()) k.shown_dir = ".";
  k.file = src.name;
  k.namespace_ = scalar(d["namespace"]);
  for (const char* key : {"resources", "components", "bases"}) add_strings(d[key], k.includes);
  const bool no_hash = scalar(d.at({"generatorOptions", "disableNameSuffixHash"})) == "true";
  for (const Doc& g : d["secretGenerator"].items()) {
    const std::string name = scalar(g["name"]);
    if (name.empty()) continue;
    GeneratedSecret s;
    s.member.namespace_ = scalar(g["namespace"]);
    s.name = name;
    s.file = src.name;
    s.line = g["name"].Mark().line + 1;
    s.hash_suffix = !no_hash && scalar(g.at({"options", "disableNameSuffixHash"})) != "true";
    k.secrets.push_back(std::move(s));
  }
  kustomizations_[dir] = std::move(k);
}

void LintUnits::read_flux(const LintSource& src) {
  std::vector<Doc> docs;
  DocParseError error;
  if (!parse_docs(src.text, docs, error, {}, DuplicateKeys::kKeep)) return;  // lint reports it
  for (const Doc& d : docs) {
    if (!d.IsMap() || scalar(d["kind"]) != "Kustomization" ||
        scalar(d["apiVersion"]).rfind("kustomize.toolkit.fluxcd.io/", 0) != 0)
      continue;
    Flux k;
    const std::string ns = scalar(d.at({"metadata", "namespace"}));
    k.name = (ns.empty() ? "" : ns + "/") + scalar(d.at({"metadata", "name"}));
    k.path = scalar(d.at({"spec", "path"}));
    k.target_namespace = scalar(d.at({"spec", "targetNamespace"}));
    add_strings(d.at({"spec", "components"}), k.components);
    flux_.push_back(std::move(k));
  }
}

// Flux resolves spec.path against the root of its source (the Git repository).
std::string LintUnits::resolve_flux_path(const std::string& path) const {
  std::string rel = path;
  while (rel.rfind("./", 0) == 0) rel.erase(0, 2);
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  std::string common;
  for (const auto& [file, name] : files_) {
    const std::string dir = fs::path(file).parent_path().string();
    if (common.empty()) common = dir;
    while (common != "/" && dir != common && !under(dir, common)) common = fs::path(common).parent_path().string();
  }
  std::vector<std::string> roots;
  for (fs::path p = common; !p.empty(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::exists(p / ".git", ec)) {
      roots.push_back(p.string());
      break;
    }
    if (p == p.parent_path()) break;
  }
  for (fs::path p = common; !p.empty(); p = p.parent_path()) {
    roots.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  for (const std::string& root : roots) {
    const std::string at = absolute_path(fs::path(root) / rel);
    if (kustomizations_.count(at)) return at;
    auto it = files_.lower_bound(at + "/");
    if (it != files_.end() && under(it->first, at)) return at;
  }
  return absolute_path(fs::path(roots.empty() ? "." : roots.front()) / rel);
}

// The Flux unit: its path's kustomization, or (Flux generates one) every file under the path,
// each directory with a kustomization taken as that kustomization.
void LintUnits::add_flux_unit(const Flux& k) {
  const std::string path = resolve_flux_path(k.path);
  const UnitMember m{new_unit("Flux Kustomization " + k.name), k.target_namespace};
  if (kustomizations_.count(path)) {
    walk(path, m, 0);
  } else {
    std::set<std::string> walked;
    for (auto it = files_.lower_bound(path + "/"); it != files_.end() && under(it->first, path); ++it) {
      std::string top;  // the outermost directory with a kustomization between path and the file
      for (fs::path d = fs::path(it->first).parent_path(); d.string() != path && under(d.string(), path);
           d = d.parent_path())
        if (kustomizations_.count(d.string())) top = d.string();
      if (top.empty()) add(it->first, m);
      else if (walked.insert(top).second) walk(top, m, 0);
    }
  }
  for (const std::string& c : k.components) {
    const std::string dir = absolute_path(fs::path(path) / c);
    if (kustomizations_.count(dir)) walk(dir, m, 0);
    else incomplete_.insert(m.unit);
  }
}

// Everything a kustomization includes, in unit m.unit; the outer namespace wins, as kustomize's
// namespace transformer runs last.
void LintUnits::walk(const std::string& dir, const UnitMember& outer, int depth) {
  auto it = kustomizations_.find(dir);
  if (it == kustomizations_.end() || depth > kMaxDepth) return;
  walked_.insert(dir);
  const Kustomization& k = it->second;
  const UnitMember m{outer.unit, outer.namespace_.empty() ? k.namespace_ : outer.namespace_};
  for (GeneratedSecret s : k.secrets) {
    s.member = {m.unit, m.namespace_.empty() ? s.member.namespace_ : m.namespace_};
    generated_.push_back(std::move(s));
  }
  for (const std::string& entry : k.includes) {
    const std::string p = absolute_path(fs::path(dir) / entry);
    if (kustomizations_.count(p)) walk(p, m, depth + 1);
    else if (files_.count(p)) add(p, m);
    else incomplete_.insert(m.unit);
  }
}

void LintUnits::add(const std::string& file, const UnitMember& m) {
  auto& list = members_[files_.at(file)];
  for (const UnitMember& x : list)
    if (x.unit == m.unit && x.namespace_ == m.namespace_) return;
  list.push_back(m);
}

std::size_t LintUnits::new_unit(std::string name) {
  names_.push_back(std::move(name));
  return names_.size() - 1;
}

}  // namespace vg
