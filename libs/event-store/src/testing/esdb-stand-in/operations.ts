import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { handleUnaryCall } from '@grpc/grpc-js';
import type { StartScavengeReq } from '@eventstore/db-client/generated/operations_pb';
import { ScavengeResp } from '@eventstore/db-client/generated/operations_pb';
import { rpcError } from './messages';
import type { StandInLog } from './stand-in-log';

/** What the stand-in's scavenges did, for tests: one entry per `StartScavenge`, with the records it removed. */
export interface ScavengeRecord {
  scavengeId: string;
  removedRecords: number;
}

/**
 * `Operations.StartScavenge`: answers `Started` with a new scavenge id, as the server does, and runs the scavenge
 * (`StandInLog.scavenge`) at once rather than in the background. `refuse` models credentials without `$ops` or admin
 * rights: the server's `access-denied`.
 */
export function startScavengeHandler(
  log: StandInLog,
  scavenges: ScavengeRecord[],
  access: { refuse: boolean },
): handleUnaryCall<StartScavengeReq, ScavengeResp> {
  return (_call, callback) => {
    if (access.refuse) {
      callback(rpcError(status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' }));
      return;
    }
    const scavengeId = randomUUID();
    scavenges.push({ scavengeId, removedRecords: log.scavenge() });
    callback(null, new ScavengeResp().setScavengeId(scavengeId).setScavengeResult(ScavengeResp.ScavengeResult.STARTED));
  };
}
