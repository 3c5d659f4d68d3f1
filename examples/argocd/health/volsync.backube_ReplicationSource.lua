-- Argo CD health check for VolSync ReplicationSource (volsync.backube/v1alpha1).
-- argocd-cm key: resource.customizations.health.volsync.backube_ReplicationSource
-- Runs in Argo CD's Lua 5.1 VM with the live object in `obj`; returns {status, message}.
--   Degraded     Synchronizing reason Error, or the last mover run failed
--   Suspended    spec.paused
--   Progressing  no status yet, a backup running (SyncInProgress) or cleaning up
--   Healthy      waiting for the next scheduled or manual backup
local hs = {}

local function condition(status, type_)
  if status == nil or status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == type_ then return c end
  end
  return nil
end

local function with(prefix, detail)
  if detail ~= nil and detail ~= "" then return prefix .. ": " .. detail end
  return prefix
end

local status = obj.status
local sync = condition(status, "Synchronizing")
local mover = status ~= nil and status.latestMoverStatus or nil

if status == nil or sync == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for VolSync to report status"
elseif sync.reason == "Error" then
  hs.status = "Degraded"
  hs.message = with("Backup failed", sync.message)
elseif mover ~= nil and mover.result == "Failed" then
  hs.status = "Degraded"
  hs.message = with("Last backup failed (see status.latestMoverStatus.logs)", sync.message)
elseif obj.spec ~= nil and obj.spec.paused == true then
  hs.status = "Suspended"
  hs.message = "Paused (spec.paused)"
elseif sync.reason == "WaitingForSchedule" then
  hs.status = "Healthy"
  if status.nextSyncTime ~= nil then
    hs.message = "Waiting for the next backup at " .. status.nextSyncTime
  else
    hs.message = with("Waiting for the next scheduled backup", sync.message)
  end
  if status.lastSyncTime ~= nil then hs.message = hs.message .. "; last backup " .. status.lastSyncTime end
elseif sync.reason == "WaitingForManual" then
  hs.status = "Healthy"
  hs.message = "Waiting for a manual trigger"
  if status.lastSyncTime ~= nil then hs.message = hs.message .. "; last backup " .. status.lastSyncTime end
elseif sync.reason == "SyncInProgress" then
  hs.status = "Progressing"
  hs.message = with("Backup in progress", sync.message)
else
  hs.status = "Progressing"
  hs.message = with(sync.reason or "Synchronizing", sync.message)
end
return hs
