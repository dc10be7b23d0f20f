import type { CallOptions, Client as GrpcClient, Metadata, ServiceError } from '@grpc/grpc-js';
import { convertToCommandError, AccessDeniedError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { OperationsClient } from '@eventstore/db-client/generated/operations_grpc_pb';
import { ScavengeResp, StartScavengeReq } from '@eventstore/db-client/generated/operations_pb';
import type { ScavengeOutcome } from '../event-store';

/**
 * The members of the 6.x client that run a call on its own channel, with the connection string's credentials and
 * its reconnection after failures. They are `protected` in its typings; the client has no operations API, and the
 * server's `Operations` service is in the protos it ships.
 */
interface ClientChannel {
  execute<C extends GrpcClient, T>(
    Client: new (...args: never[]) => C,
    debugName: string,
    action: (client: C) => Promise<T>,
  ): Promise<T>;
  callArguments(options: Record<string, never>): [Metadata, CallOptions];
}

/**
 * Asks the node for a scavenge (`Operations.StartScavenge`, one thread, from the first chunk), which rewrites the
 * completed chunks without the events soft deletes and `$tb` left behind. Needs `$ops` or admin rights; a refusal
 * or a failure is reported, not thrown, since the stream is already deleted and the scavenge can be run later.
 */
export async function startScavenge(client: EventStoreDBClient): Promise<ScavengeOutcome> {
  const channel = client as unknown as ClientChannel;
  const request = new StartScavengeReq().setOptions(
    new StartScavengeReq.Options().setThreadCount(1).setStartFromChunk(0),
  );
  try {
    const response = await channel.execute(
      OperationsClient,
      'startScavenge',
      (operations) =>
        new Promise<ScavengeResp>((resolve, reject) => {
          operations.startScavenge(request, ...channel.callArguments({}), (error: ServiceError | null, answer) =>
            error === null ? resolve(answer) : reject(convertToCommandError(error)),
          );
        }),
    );
    const scavengeId = response.getScavengeId();
    const result = response.getScavengeResult();
    switch (result) {
      case ScavengeResp.ScavengeResult.STARTED:
        return { started: true, scavengeId };
      case ScavengeResp.ScavengeResult.INPROGRESS:
        return {
          started: false,
          reason: `scavenge ${scavengeId} was already running; it may have begun before this deletion, so run another`,
        };
      case ScavengeResp.ScavengeResult.STOPPED:
        return { started: false, reason: `the node answered that scavenge ${scavengeId} stopped` };
      default: {
        const unknown: never = result;
        return { started: false, reason: `the node answered an unknown scavenge result ${String(unknown)}` };
      }
    }
  } catch (error) {
    if (error instanceof AccessDeniedError) {
      return { started: false, reason: 'the credentials may not start a scavenge (it needs $ops or admin rights)' };
    }
    return { started: false, reason: `the node did not start a scavenge: ${(error as Error).message}` };
  }
}
