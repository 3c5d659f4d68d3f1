#include "cli/inventory_html.h"

#include <gtest/gtest.h>

#include <regex>

namespace vg {
namespace {

const char* kInput = R"(apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata: {name: db, namespace: data, labels: {backup: hourly}}
  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Gi}}}
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata: {name: "photos", namespace: media, annotations: {volsync-gen.io/schedule: "0 3 * * *"}}
  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Ti}}}
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata: {name: scratch, namespace: media}
  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- apiVersion: v1
  kind: Secret
  metadata: {name: base, namespace: volsync-system}
  stringData: {RESTIC_PASSWORD: x}
functionConfig:
  apiVersion: volsync-gen.io/v1alpha1
  kind: VolSyncBackup
  metadata: {name: v}
  spec:
    credentials: {secretName: base}
    repositories:
    - url: "rest:https://backup:hunter2@restic.example.net/cluster"
)";

std::string page() {
  FunctionOptions opt;
  opt.pieces_only = true;
  const FunctionResult r = run_function(kInput, opt);
  EXPECT_TRUE(r.ok);
  return r.ok ? inventory_html(InventoryView{r, 1795500000, 2, 3}) : std::string();
}

bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

TEST(InventoryHtml, SummaryTableHeatmapAndNoCredentials) {
  const std::string html = page();
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  // Summary: what is backed up and what not, by namespace, and the capacity.
  EXPECT_TRUE(has(html, "<li><strong>2</strong>PVCs backed up</li><li><strong>1</strong>PVCs not backed up</li>")) << html;
  EXPECT_TRUE(has(html, "<strong>1.0 TiB</strong>capacity backed up"));
  EXPECT_TRUE(has(html, "<tr><th scope=\"row\">media</th><td class=\"num\">1</td><td class=\"num\">1</td><td>scratch</td></tr>"));
  // The table: one row per PVC, in reading order, its name a row header.
  const auto db = html.find("<th scope=\"row\">db</th>"), photos = html.find("<th scope=\"row\">photos</th>");
  ASSERT_NE(db, std::string::npos);
  ASSERT_NE(photos, std::string::npos);
  EXPECT_LT(db, photos);
  EXPECT_TRUE(has(html, "<code>rest:https://***@restic.example.net/cluster/media/photos</code>")) << html;
  EXPECT_FALSE(has(html, "hunter2"));
  EXPECT_FALSE(has(html, "backup:"));
  // The heatmap is inline and titles its cells with the PVCs.
  EXPECT_TRUE(has(html, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(has(html, "<title>03:00 UTC: 1 start: media/photos</title>"));
  // Self-contained: no script, nothing fetched.
  EXPECT_FALSE(has(html, "<script"));
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*"(https?:)?//)")));
  EXPECT_FALSE(has(html, "@import"));
  EXPECT_FALSE(has(html, "url(http"));
  // Dark theme and print.
  EXPECT_TRUE(has(html, "@media (prefers-color-scheme:dark)"));
  EXPECT_TRUE(has(html, "@media print"));
}

TEST(InventoryHtml, WarningsAreGroupedByRule) {
  FunctionOptions opt;
  std::string in = kInput;
  // A second explicit cron at 03:00, and a cache too small for it (as for the 1Ti photos): two groups.
  in.replace(in.find("name: scratch, namespace: media}"), 32,
             "name: scratch, namespace: media, annotations: {volsync-gen.io/schedule: \"0 3 * * *\", "
             "volsync-gen.io/cache-capacity: 1Mi}}");
  const FunctionResult r = run_function(in, opt);
  ASSERT_TRUE(r.ok);
  const std::string html = inventory_html(InventoryView{r, 1795500000, 2, 3});
  EXPECT_TRUE(has(html, "<h3><code>cache-small</code> (2)</h3>")) << html;
  EXPECT_TRUE(has(html, "<h3><code>inventory: explicit crons pile up</code> (1)</h3>\n<ul><li>2 explicit schedules start "
                        "together at 03:00 UTC: media/photos, media/scratch"))
      << html;
  EXPECT_TRUE(has(html, "<li class=\"warning\">2 explicit schedules start together at 03:00 UTC"));
}

TEST(CapacityText, BinaryUnits) {
  EXPECT_EQ(capacity_text(0), "0 B");
  EXPECT_EQ(capacity_text(20.0L * 1024 * 1024 * 1024), "20 GiB");
  EXPECT_EQ(capacity_text(1.5L * 1024 * 1024 * 1024 * 1024), "1.5 TiB");
}

}  // namespace
}  // namespace vg
