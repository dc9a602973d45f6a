-- Decommissioning (issue 7): when an admin asked a node to drain (it is no longer chosen for new
-- files and its beat replies carry the drain flag), and when it left the cluster (its peers had
-- every file it held). A node that left may not join again under the same node ID.
ALTER TABLE t_storage_nodes ADD COLUMN decommission_time ${datetime};
ALTER TABLE t_storage_nodes ADD COLUMN leave_time ${datetime};
