// What kubectl reads, the function reads (issue 12): the objects of a List are selected and read like
// any other, the List is written back as the user wrote it except for the objects that must change,
// and a PVC whose fields come from a YAML merge key is read as kubectl reads it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cli/function.h"
#include "yaml/doc.h"

namespace {

constexpr const char* kHead = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n";

constexpr const char* kSecret =
    "- apiVersion: v1\n"
    "  kind: Secret\n"
    "  metadata:\n"
    "    name: volsync-base\n"
    "    namespace: volsync-system\n"
    "    annotations:\n"
    "      config.kubernetes.io/local-config: \"true\"\n"
    "  stringData:\n"
    "    RESTIC_PASSWORD: x\n"
    "    AWS_ACCESS_KEY_ID: a\n"
    "    AWS_SECRET_ACCESS_KEY: b\n";

constexpr const char* kConfig =
    "functionConfig:\n"
    "  apiVersion: volsync-gen.io/v1alpha1\n"
    "  kind: VolSyncBackup\n"
    "  metadata:\n"
    "    name: volsync\n"
    "  spec:\n"
    "    repository: s3:http://minio.example:9000/volsync-backup\n"
    "    credentials:\n"
    "      secretName: volsync-base\n";

// A List holding a labelled PVC (with `annotations` lines to add), between two ConfigMaps whose
// comments and quoting must survive.
std::string list_item(const std::string& pvc_annotations = "") {
  return "- apiVersion: v1\n"
         "  kind: List\n"
         "  metadata:\n"
         "    name: app\n"
         "  items:\n"
         "  - apiVersion: v1\n"
         "    kind: ConfigMap\n"
         "    metadata: {name: before}   # kept\n"
         "    data: {mode: '0700'}\n"
         "  - apiVersion: v1\n"
         "    kind: PersistentVolumeClaim\n"
         "    metadata:\n"
         "      name: data\n"
         "      namespace: apps\n"
         "      labels:\n"
         "        backup: daily\n" +
         (pvc_annotations.empty() ? "" : "      annotations:\n" + pvc_annotations) +
         "    spec:\n"
         "      accessModes: [ReadWriteOnce]\n"
         "      resources:\n"
         "        requests:\n"
         "          storage: 3Gi\n"
         "  - apiVersion: v1\n"
         "    kind: ConfigMap\n"
         "    metadata:\n"
         "      name: \"after\"\n";
}

std::string without(std::string s, const std::string& what) {
  const std::size_t at = s.find(what);
  EXPECT_NE(at, std::string::npos) << what;
  if (at != std::string::npos) s.erase(at, what.size());
  return s;
}

std::string all(const vg::FunctionResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += "\n  " + f.to_text();
  return s;
}

vg::Doc items_of(const std::string& output) {
  vg::Doc d;
  vg::DocParseError err;
  EXPECT_TRUE(vg::parse_doc(output, d, err)) << err.message;
  return d["items"];
}

// kinds of the output's items, in order
std::string kinds(const vg::Doc& items) {
  std::string s;
  for (const auto& i : items.items()) s += (s.empty() ? "" : ",") + i["kind"].Scalar();
  return s;
}

TEST(FunctionLists, APvcInAListIsBackedUpAndItsListCopiedByteForByte) {
  const std::string list = list_item();
  const std::string in = kHead + list + kSecret + kConfig;
  vg::FunctionOptions opt;
  opt.keep_plans = true;
  const vg::FunctionResult r = vg::run_function(in, opt);
  ASSERT_TRUE(r.ok) << all(r);
  ASSERT_EQ(r.plans.size(), 1u);
  EXPECT_EQ(r.plans[0].pvc.name, "data");
  EXPECT_EQ(r.plans[0].pvc.storage, "3Gi");
  EXPECT_NE(r.output.find(list), std::string::npos) << r.output;  // the List, as written
  const vg::Doc items = items_of(r.output);
  // The generated objects are items of their own, after the input's.
  EXPECT_EQ(kinds(items), "List,Secret,Secret,ReplicationDestination,ReplicationSource");
  EXPECT_EQ(items[2].at({"metadata", "namespace"}).Scalar(), "apps");
  EXPECT_EQ(items[3].at({"spec", "restic", "capacity"}).Scalar(), "3Gi");
  EXPECT_EQ(items[4].at({"spec", "sourcePVC"}).Scalar(), "data");

  // The output is an input the function leaves as it is.
  const vg::FunctionResult again = vg::run_function(r.output, {});
  ASSERT_TRUE(again.ok) << all(again);
  EXPECT_EQ(again.output, r.output);
}

TEST(FunctionLists, AnObjectThatMustChangeChangesInsideItsList) {
  const std::string list = list_item("        volsync-gen.io/restore: bootstrap\n");
  const std::string in = kHead + list + kSecret + kConfig;
  const vg::FunctionResult r = vg::run_function(in, {});
  ASSERT_TRUE(r.ok) << all(r);
  const vg::Doc items = items_of(r.output);
  ASSERT_EQ(kinds(items), "List,Secret,Secret,ReplicationDestination,ReplicationSource");
  const vg::Doc& pvc = items[0]["items"][1];
  EXPECT_EQ(pvc.at({"spec", "dataSourceRef", "kind"}).Scalar(), "ReplicationDestination");
  EXPECT_EQ(pvc.at({"spec", "dataSourceRef", "name"}).Scalar(), items[3].at({"metadata", "name"}).Scalar());
  // Everything else of the List is as written: the objects before and after the PVC, byte for byte.
  const std::string before = list.substr(0, list.find("  - apiVersion: v1\n    kind: PersistentVolumeClaim"));
  const std::string after = list.substr(list.rfind("  - apiVersion: v1\n    kind: ConfigMap"));
  EXPECT_EQ(r.output.find(before), r.output.find("items:\n") + 7) << r.output;
  EXPECT_NE(r.output.find(after), std::string::npos) << r.output;
  // A second run finds the change made.
  const vg::FunctionResult again = vg::run_function(r.output, {});
  ASSERT_TRUE(again.ok) << all(again);
  EXPECT_EQ(again.output, r.output);
}

TEST(FunctionLists, ASourceSecretInAListIsMarkedThere) {
  const std::string secret =
      without(kSecret, "    annotations:\n      config.kubernetes.io/local-config: \"true\"\n");
  std::string nested;  // the Secret as the only item of a SecretList
  for (std::size_t pos = 0; pos < secret.size();) {
    const std::size_t nl = secret.find('\n', pos);
    nested += "  " + secret.substr(pos, nl + 1 - pos);
    pos = nl + 1;
  }
  const std::string in = kHead + list_item() + "- apiVersion: v1\n  kind: SecretList\n  items:\n" + nested + kConfig;
  const vg::FunctionResult r = vg::run_function(in, {});
  ASSERT_TRUE(r.ok) << all(r);
  const vg::Doc items = items_of(r.output);
  ASSERT_EQ(kinds(items), "List,SecretList,Secret,ReplicationDestination,ReplicationSource");
  EXPECT_EQ(items[1]["items"][0].at({"metadata", "annotations", "config.kubernetes.io/local-config"}).Scalar(), "true");
  EXPECT_EQ(items[2].at({"data", "RESTIC_PASSWORD"}).Scalar(), "eA==");  // "x", copied from the Secret in the List
}

TEST(FunctionLists, GeneratedObjectsInAListAreReplacedOrRemovedAndLookAlikesClash) {
  const std::string first = vg::run_function(kHead + list_item() + kSecret + kConfig, {}).output;
  const vg::Doc items = items_of(first);
  ASSERT_EQ(kinds(items), "List,Secret,Secret,ReplicationDestination,ReplicationSource");
  // The generated ReplicationSource moved into a List of its own (as a user might): replaced there.
  const std::string rs_start = "- apiVersion: volsync.backube/v1alpha1\n  kind: ReplicationSource\n";
  const std::size_t rs = first.find(rs_start);
  const std::size_t rs_end = first.find("functionConfig:");
  ASSERT_NE(rs, std::string::npos);
  std::string rs_nested;
  for (std::size_t pos = rs; pos < rs_end;) {
    const std::size_t nl = first.find('\n', pos);
    rs_nested += "  " + first.substr(pos, nl + 1 - pos);
    pos = nl + 1;
  }
  const std::string moved = first.substr(0, rs) + "- apiVersion: v1\n  kind: List\n  items:\n" + rs_nested +
                            first.substr(rs_end);
  const vg::FunctionResult r = vg::run_function(moved, {});
  ASSERT_TRUE(r.ok) << all(r);
  EXPECT_EQ(r.output, moved);  // replaced by the same object: nothing changes, nothing is added

  // Its PVC loses the label: the generated objects go, the one in the List too.
  const std::string unlabelled = without(moved, "      labels:\n        backup: daily\n");
  const vg::FunctionResult gone = vg::run_function(unlabelled, {});
  ASSERT_TRUE(gone.ok) << all(gone);
  EXPECT_EQ(kinds(items_of(gone.output)), "List,Secret,List");
  EXPECT_TRUE(items_of(gone.output)[2]["items"].IsNull());

  // An object of the user's in a List with a generated object's name is a clash, as at the top level.
  const std::string look_alike = without(moved, "        volsync-gen.io/source-pvc: data\n");  // the one in the List
  const vg::FunctionResult clash = vg::run_function(look_alike, {});
  EXPECT_FALSE(clash.ok);
  EXPECT_TRUE(std::any_of(clash.findings.begin(), clash.findings.end(),
                          [](const vg::Finding& x) { return x.rule == "generated-clash"; })) << all(clash);

  // A generated object that must go, but whose `- ` cannot be found: an error, nothing is written.
  const std::string commented = without(
      without(moved, "      labels:\n        backup: daily\n"), "  items:\n  - apiVersion: volsync.backube/v1alpha1\n");
  const std::size_t kind_line = commented.find("    kind: ReplicationSource\n");
  ASSERT_NE(kind_line, std::string::npos);
  const vg::FunctionResult stuck =
      vg::run_function(commented.substr(0, kind_line) + "  items:\n  - # made by volsync-gen\n    apiVersion: "
                       "volsync.backube/v1alpha1\n" + commented.substr(kind_line), {});
  EXPECT_FALSE(stuck.ok);
  ASSERT_FALSE(stuck.findings.empty());
  EXPECT_EQ(stuck.findings[0].rule, "list-edit") << all(stuck);
}

TEST(FunctionLists, AFailedRunWritesEachInputItemOnce) {
  std::string in = kHead + list_item("        volsync-gen.io/bogus: \"1\"\n") + kSecret + kConfig;
  const vg::FunctionResult r = vg::run_function(in, {});
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(kinds(items_of(r.output)), "List,Secret");
  EXPECT_NE(r.output.find(list_item("        volsync-gen.io/bogus: \"1\"\n")), std::string::npos);
}

TEST(FunctionLists, AListInAStreamIsUnpackedToo) {
  vg::FunctionOptions opt;
  opt.stream_io = true;
  opt.config_text = std::string(kConfig).substr(std::string("functionConfig:\n").size());
  std::string stream;
  for (std::string part : {list_item(), std::string(kSecret)}) {  // the items as documents
    std::string doc;
    for (std::size_t pos = 0; pos < part.size();) {
      const std::size_t nl = part.find('\n', pos);
      doc += part.substr(pos + 2, nl + 1 - pos - 2);
      pos = nl + 1;
    }
    stream += (stream.empty() ? "" : "---\n") + doc;
  }
  opt.keep_plans = true;
  const vg::FunctionResult r = vg::run_function(stream, opt);
  ASSERT_TRUE(r.ok) << all(r);
  ASSERT_EQ(r.plans.size(), 1u);
  EXPECT_EQ(r.plans[0].pvc.name, "data");
}

// sigs.k8s.io/yaml and kustomize resolve merge keys; a PVC's fields may come from one.
TEST(FunctionMergeKeys, APvcsResourcesFromAMergeKeyAreRead) {
  const std::string pvc =
      "- apiVersion: v1\n"
      "  kind: PersistentVolumeClaim\n"
      "  metadata:\n"
      "    name: data\n"
      "    namespace: apps\n"
      "    labels: {<<: {backup: daily}, app: web}\n"
      "  spec:\n"
      "    accessModes: &modes [ReadWriteOnce]\n"
      "    <<: [{resources: {requests: {storage: 7Gi}}}, {resources: {requests: {storage: 1Gi}}}]\n";
  vg::FunctionOptions opt;
  opt.keep_plans = true;
  const vg::FunctionResult r = vg::run_function(kHead + pvc + kSecret + kConfig, opt);
  ASSERT_TRUE(r.ok) << all(r);
  ASSERT_EQ(r.plans.size(), 1u);  // selected through the merged label
  EXPECT_EQ(r.plans[0].pvc.storage, "7Gi");  // the earlier map of the merge wins
  const vg::Doc items = items_of(r.output);
  EXPECT_EQ(items[3].at({"spec", "restic", "capacity"}).Scalar(), "7Gi");

  // The PVC's own key wins over a merged one, wherever `<<` stands.
  std::string own = pvc;
  own.replace(own.find("    <<:"), 0, "    resources: {requests: {storage: 2Gi}}\n");
  const vg::FunctionResult o = vg::run_function(kHead + own + kSecret + kConfig, opt);
  ASSERT_TRUE(o.ok) << all(o);
  EXPECT_EQ(o.plans[0].pvc.storage, "2Gi");
}

TEST(FunctionMergeKeys, AnEditedPvcIsWrittenWithItsMergesResolved) {
  const std::string pvc =
      "- apiVersion: v1\n"
      "  kind: PersistentVolumeClaim\n"
      "  metadata:\n"
      "    name: data\n"
      "    namespace: apps\n"
      "    labels: {backup: daily}\n"
      "    annotations: {volsync-gen.io/restore: bootstrap}\n"
      "  spec:\n"
      "    accessModes: [ReadWriteOnce]\n"
      "    <<: {resources: {requests: {storage: 7Gi}}, storageClassName: fast}\n"
      "    storageClassName: slow\n";
  const vg::FunctionResult r = vg::run_function(kHead + pvc + kSecret + kConfig, {});
  ASSERT_TRUE(r.ok) << all(r);
  EXPECT_EQ(r.output.find("<<"), std::string::npos) << r.output;
  const vg::Doc items = items_of(r.output);
  EXPECT_EQ(items[0].at({"spec", "resources", "requests", "storage"}).Scalar(), "7Gi");
  EXPECT_EQ(items[0].at({"spec", "storageClassName"}).Scalar(), "slow");
  EXPECT_TRUE(items[0].at({"spec", "dataSourceRef"}).IsMap());
}

}  // namespace
