#include "volsync/placement.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace vg {
namespace {

// An input item at a kpt path; with `source_pvc` it is that PVC's generated object of `kind`.
ItemSpan item(std::string path, int index, std::string ns = "", std::string source_pvc = "",
              std::string kind = "ReplicationSource") {
  ItemSpan s;
  s.api_version = "volsync.backube/v1alpha1";
  s.kind = std::move(kind);
  s.namespace_ = std::move(ns);
  s.name = source_pvc + (s.kind == "ReplicationSource" ? "-backup" : "-restore");
  s.source_pvc = std::move(source_pvc);
  s.generated = !s.source_pvc.empty();
  s.managed_label = s.generated;
  s.path = std::move(path);
  s.path_index = index;
  return s;
}

PvcFacts pvc(std::string ns, std::string name, std::string file) {
  PvcFacts p;
  p.namespace_ = std::move(ns);
  p.name = std::move(name);
  p.origin.file = std::move(file);
  return p;
}

struct Package {
  std::vector<InputObject> objects;
  Ownership ownership;
  Placement placement;

  explicit Package(const std::vector<ItemSpan>& items, const std::deque<PvcFacts>& pvcs = {}) {
    for (const ItemSpan& s : items) objects.emplace_back("", s);
    Config c;
    c.repositories.resize(1);
    Findings ignored;
    ownership.judge(objects, pvcs, c, ignored);
    placement.survey(objects, ownership);
  }
  // path#index of a new object of `p`
  std::string place(const PvcFacts& p) {
    Doc obj = Doc::map();
    placement.place(p, obj);
    EXPECT_EQ(annotation_of(obj, "config.kubernetes.io/path"), annotation_of(obj, "internal.config.kubernetes.io/path"));
    EXPECT_EQ(annotation_of(obj, "config.kubernetes.io/index"), annotation_of(obj, "internal.config.kubernetes.io/index"));
    return annotation_of(obj, "internal.config.kubernetes.io/path") + "#" +
           annotation_of(obj, "internal.config.kubernetes.io/index");
  }
};

TEST(Placement, FileNameIsInjectivePerNamespaceAndPvc) {
  EXPECT_EQ(kpt_file_name("prod", "config"), "volsync-prod.config.yaml");
  EXPECT_EQ(kpt_file_name("prod", "config", 3), "volsync-prod.config_3.yaml");
  // With a dash separator these pairs would share a name; the dot (never in a namespace) keeps them apart.
  const std::pair<const char*, const char*> pairs[] = {
      {"a-b", "c"}, {"a", "b-c"}, {"a", "b.c"}, {"a-b", "c.d"}, {"a", "b-c.d"}, {"a", "b"}, {"a", "b-2"}};
  std::set<std::string> names;
  for (const auto& [ns, p] : pairs) {
    names.insert(kpt_file_name(ns, p));
    names.insert(kpt_file_name(ns, p, 2));
  }
  EXPECT_EQ(names.size(), 2 * std::size(pairs));
  // A PVC name of 253 characters still gives a file name a file system takes.
  const std::string huge(253, 'x');
  EXPECT_LE(kpt_file_name("ns", huge).size(), 255u);
  EXPECT_NE(kpt_file_name("ns", huge, 1), kpt_file_name("ns", huge, 2));
}

TEST(Placement, SameNamedPvcsOfSeveralNamespacesGetTheirOwnFiles) {
  Package pkg({item("apps.yaml", 0), item("apps.yaml", 1), item("apps.yaml", 2)});
  EXPECT_EQ(pkg.place(pvc("a", "config", "apps.yaml")), "volsync-a.config.yaml#0");
  EXPECT_EQ(pkg.place(pvc("a", "config", "apps.yaml")), "volsync-a.config.yaml#1");
  EXPECT_EQ(pkg.place(pvc("b", "config", "apps.yaml")), "volsync-b.config.yaml#0");
  EXPECT_EQ(pkg.place(pvc("c", "config", "sub/dir/pvc.yaml")), "sub/dir/volsync-c.config.yaml#0");
}

TEST(Placement, NeverAFileAnotherItemUses) {
  // A user's file with the first-choice name, and one with the second: the third is taken, the
  // same every run because only the input decides.
  Package pkg({item("volsync-a.config.yaml", 0), item("volsync-a.config_2.yaml", 4), item("pvc.yaml", 0)});
  EXPECT_EQ(pkg.place(pvc("a", "config", "pvc.yaml")), "volsync-a.config_3.yaml#0");
  // A name chosen for one PVC in this run is taken for the others.
  Package two({item("pvc.yaml", 0)});
  EXPECT_EQ(two.place(pvc("a", "x", "pvc.yaml")), "volsync-a.x.yaml#0");
  EXPECT_EQ(two.place(pvc("a", "x.yaml", "pvc.yaml")), "volsync-a.x.yaml.yaml#0");
}

TEST(Placement, NewObjectsJoinTheirPvcsEarlierObjectsAfterTheHighestIndex) {
  // data's objects of an earlier release live in the old default file; a new one goes with them.
  Package pkg({item("volsync-data.yaml", 0, "a", "data"), item("volsync-data.yaml", 2, "a", "data", "ReplicationDestination"),
               item("pvc.yaml", 0)},
              {pvc("a", "data", "pvc.yaml")});
  EXPECT_EQ(pkg.place(pvc("a", "data", "pvc.yaml")), "volsync-data.yaml#3");
  EXPECT_EQ(pkg.place(pvc("a", "data", "pvc.yaml")), "volsync-data.yaml#4");
  // Not into a file that holds anything else, though.
  Package mixed({item("objs.yaml", 0, "a", "data"), item("objs.yaml", 1), item("pvc.yaml", 0)},
                {pvc("a", "data", "pvc.yaml")});
  EXPECT_EQ(mixed.place(pvc("a", "data", "pvc.yaml")), "volsync-a.data.yaml#0");
  // An object that only looks generated (no label) marks its file as the user's.
  ItemSpan user = item("volsync-b.data.yaml", 0, "b", "data");
  user.managed_label = false;
  Package other({user, item("pvc.yaml", 0)}, {pvc("b", "data", "pvc.yaml")});
  EXPECT_EQ(other.place(pvc("b", "data", "pvc.yaml")), "volsync-b.data_2.yaml#0");
}

TEST(Placement, NothingWithoutAKptPath) {
  Package pkg({item("", -1)});
  EXPECT_EQ(pkg.place(pvc("a", "data", "")), "#");
}

}  // namespace
}  // namespace vg
