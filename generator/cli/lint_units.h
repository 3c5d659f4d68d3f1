// lint's units: the sets of objects that are applied together, as the cluster will see them. A
// directory with a kustomization.yaml is one (with what it includes through resources, components
// and bases, by relative path), and its `namespace:` is the namespace of every object in it; a Flux
// Kustomization is one too, with its `path` (relative to the repository root) and its
// `targetNamespace`. The cross-object rules compare objects of one unit, and objects of different
// units only when both namespaces are known and equal (lint_cross.cc). Files no kustomization
// includes (and stdin) form the loose unit 0, where an object without a namespace matches any, as
// before units existed.
#pragma once
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/lint.h"

namespace vg {

// One way a file's objects are applied: in unit `unit`, with namespace `namespace_` set over
// theirs ("" when the unit sets none).
struct UnitMember {
  std::size_t unit = 0;
  std::string namespace_;
};

// A Secret a kustomization's secretGenerator makes in a unit.
struct GeneratedSecret {
  UnitMember member;
  std::string name;
  std::string file;  // the kustomization file, as given
  int line = 0;      // of the generator's name
  bool hash_suffix = true;  // kustomize appends -<hash> unless options.disableNameSuffixHash
};

class LintUnits {
 public:
  // Reads the kustomizations (files named kustomization.yaml/.yml) and Flux Kustomizations among
  // `sources`. Flux paths are resolved against the nearest directory with .git above the linted
  // files; when the path is not there, against their common ancestor or the nearest of its parents
  // that holds it.
  void build(const std::vector<LintSource>& sources);

  // The units of a source (by its name as given); empty for a file of the loose unit.
  const std::vector<UnitMember>& of(const std::string& file) const;
  // The unit's name for findings: the kustomization's directory as given, or "Flux Kustomization
  // ns/name". Unit 0 has none.
  const std::string& name(std::size_t unit) const { return names_.at(unit); }
  const std::vector<GeneratedSecret>& generated_secrets() const { return generated_; }
  // Whether every file the unit includes is among the inputs (a file of it not given to lint, or
  // not found, may hold what a rule looks for).
  bool complete(std::size_t unit) const { return unit != 0 && !incomplete_.count(unit); }
  // kustomization.yaml / .yml: kustomize's configuration, no objects to lint.
  static bool is_kustomization_file(const std::string& name);
  std::size_t size() const { return names_.size(); }

 private:
  struct Kustomization {
    std::string shown_dir;  // as given
    std::string file;
    std::string namespace_;
    std::vector<std::string> includes;  // resources, components, bases: local paths only
    std::vector<GeneratedSecret> secrets;
  };
  struct Flux {
    std::string name, path, target_namespace;
    std::vector<std::string> components;
  };
  void read_kustomization(const LintSource& src, const std::string& dir);
  void read_flux(const LintSource& src);
  std::string resolve_flux_path(const std::string& path) const;
  void add_flux_unit(const Flux& k);
  void walk(const std::string& dir, const UnitMember& m, int depth);
  void add(const std::string& file, const UnitMember& m);
  std::size_t new_unit(std::string name);

  std::map<std::string, Kustomization> kustomizations_;  // by absolute directory
  std::map<std::string, std::string> files_;             // absolute path -> name as given
  std::vector<Flux> flux_;
  std::vector<std::string> names_{""};
  std::map<std::string, std::vector<UnitMember>> members_;  // by name as given
  std::vector<GeneratedSecret> generated_;
  std::set<std::string> walked_;
  std::set<std::size_t> incomplete_;  // kustomizations a unit includes: no units of their own
};

}  // namespace vg
