#include "volsync/placement.h"

#include <algorithm>

namespace vg {
namespace {

// Most file systems allow 255 bytes per name; a long PVC name is cut and the `_n` form keeps it unique.
constexpr std::size_t kMaxFileName = 255;

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string key_of(std::string_view ns, std::string_view pvc) {
  return std::string(ns) + "/" + std::string(pvc);
}

}  // namespace

std::string kpt_file_name(std::string_view ns, std::string_view pvc, int n) {
  std::string base = "volsync-" + std::string(ns) + "." + std::string(pvc);
  const std::string suffix = n > 1 ? "_" + std::to_string(n) : "";
  if (base.size() + suffix.size() + 5 > kMaxFileName) {
    base.resize(kMaxFileName - 16);
    return base + "_" + std::to_string(n) + ".yaml";
  }
  return base + suffix + ".yaml";
}

void Placement::survey(const std::vector<InputObject>& objects, const Ownership& ownership) {
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const ItemSpan& s = objects[i].span();
    if (s.path.empty()) continue;
    const bool ours = ownership.ours(i);
    const std::string key = ours ? key_of(s.namespace_, s.source_pvc) : std::string();
    auto [use, first] = paths_.try_emplace(s.path, PathUse{key, 0});
    if (!first && use->second.owner != key) use->second.owner.clear();
    use->second.next_index = std::max(use->second.next_index, std::max(s.path_index, 0) + 1);
    if (ours) home_.try_emplace(key, s.path);
  }
}

// The PVC's objects stay together: in the file of its earlier ones when nothing else is there (a
// file of volsync-gen 0.1.0, one the user moved them to), else in the first free name.
std::string Placement::choose(const PvcFacts& pvc, const std::string& key) {
  if (auto home = home_.find(key); home != home_.end() && paths_[home->second].owner == key) return home->second;
  const std::string dir = dir_of(pvc.origin.file);
  for (int n = 1;; ++n) {
    std::string path = dir + kpt_file_name(pvc.namespace_, pvc.name, n);
    auto use = paths_.find(path);
    if (use == paths_.end() || use->second.owner == key) return path;
  }
}

void Placement::place(const PvcFacts& pvc, Doc& obj) {
  if (pvc.origin.file.empty()) return;
  const std::string key = key_of(pvc.namespace_, pvc.name);
  const std::string path = choose(pvc, key);
  home_[key] = path;
  PathUse& use = paths_.try_emplace(path, PathUse{key, 0}).first->second;
  const std::string index = std::to_string(use.next_index++);
  for (const char* prefix : {"internal.config.kubernetes.io/", "config.kubernetes.io/"}) {
    set_annotation(obj, std::string(prefix) + "path", path);
    set_annotation(obj, std::string(prefix) + "index", index);
  }
}

}  // namespace vg
