// Where kpt writes a generated object that has no file yet (a re-run keeps an object's file: its
// path is carried from the object it replaces).
//
// The file is `volsync-<namespace>.<pvc>.yaml` beside the PVC's file. A namespace is a DNS label,
// without dots, so the first dot after `volsync-` ends it, while the PVC name (a DNS subdomain)
// may hold dots and dashes: the name is different for every (namespace, PVC) of a directory, and
// same-named PVCs of several namespaces never share a file. A name some other input item already
// uses (a user's file, another PVC's objects) is not taken: then `volsync-<namespace>.<pvc>_<n>.yaml`
// with the smallest free n from 2; `_` is in no namespace or PVC name, so these never equal a first
// choice. kpt refuses two items with one path and index, so indexes continue after the highest
// one already in the file.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "krm/object.h"
#include "volsync/ownership.h"
#include "volsync/plan.h"
#include "yaml/doc.h"

namespace vg {

// The file name (without directory) to try first, and the n-th alternative (n >= 2).
std::string kpt_file_name(std::string_view ns, std::string_view pvc, int n = 1);

class Placement {
 public:
  // The paths and indexes the input items hold, and which of them hold only one PVC's objects.
  void survey(const std::vector<InputObject>& objects, const Ownership& ownership);
  // Sets kpt's path and index annotations on `obj`, a new generated object of `pvc`. Without a
  // path on the PVC (the input did not come from kpt) it sets none.
  void place(const PvcFacts& pvc, Doc& obj);

 private:
  struct PathUse {
    std::string owner;  // namespace/pvc whose generated objects alone are there; empty: someone else's
    int next_index = 0;
  };
  std::string choose(const PvcFacts& pvc, const std::string& key);
  std::unordered_map<std::string, PathUse> paths_;
  std::unordered_map<std::string, std::string> home_;  // namespace/pvc -> the file of its objects
};

}  // namespace vg
