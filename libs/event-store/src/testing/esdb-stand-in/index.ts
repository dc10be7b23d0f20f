import { Server, ServerCredentials } from '@grpc/grpc-js';
import { OperationsService } from '@eventstore/db-client/generated/operations_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { appendHandler } from './append';
import { deleteHandler } from './delete';
import { startScavengeHandler } from './operations';
import type { ScavengeRecord } from './operations';
import { readHandler } from './read';
import { StandInLog } from './stand-in-log';
import type { LogPosition } from './stand-in-log';
import type { GoingLiveCheckpoint, ScriptedCheckpoints, SubscriptionTraffic } from './subscription';

export { DEFAULT_CHUNK_SIZE, RECENT_EVENT_ID_CAPACITY, SOFT_DELETED, StandInLog } from './stand-in-log';
export type { LogPosition, StoredEvent } from './stand-in-log';
export type { ScavengeRecord } from './operations';
export type { GoingLiveCheckpoint } from './subscription';

/**
 * A protocol-level stand-in for an EventStoreDB node: the real `@eventstore/db-client` talks to it over real gRPC, on
 * loopback, without TLS. Only `Streams.Append`, `Streams.Read`, `Streams.Delete` (soft delete) and
 * `Operations.StartScavenge` are served. `ServerFeatures` is deliberately absent:
 * the client reads UNIMPLEMENTED as "no optional features" and appends through `Append` rather than `BatchAppend`.
 * It models KurrentDB 25.0.1, the version docker-compose.yml pins, unless told to reproduce an older behaviour.
 * What it does not model is listed in docs/eventstoredb.md; those behaviours are verified against a real server only.
 */
export interface EventStoreStandIn {
  connectionString: string;
  port: number;
  /** The data; pass it to a new stand-in on the same port to model a node restart. */
  log: StandInLog;
  /** Events written to `$all` subscriptions so far, all subscriptions together. */
  readonly traffic: SubscriptionTraffic;
  /** Every scavenge started so far, in order. */
  readonly scavenges: readonly ScavengeRecord[];
  /** Refuses `StartScavenge` as a server does for credentials without `$ops` or admin rights. */
  refuseScavenges(refuse: boolean): void;
  /** Sends this checkpoint to every open `$all` subscription now, as a server could between any two messages. */
  sendCheckpoint(position: LogPosition): void;
  /** Drops every connection and call at once, as a crashed node would, and frees the port. */
  stop(): Promise<void>;
}

export async function startEventStoreStandIn(
  options: {
    port?: number;
    log?: StandInLog;
    goingLiveCheckpoint?: GoingLiveCheckpoint;
    /** Writes every append whatever revision it expects (see `appendHandler`); never what a real server does. */
    ignoreExpectedRevision?: boolean;
  } = {},
): Promise<EventStoreStandIn> {
  const log = options.log ?? new StandInLog();
  const scripted: ScriptedCheckpoints = new Set();
  const traffic: SubscriptionTraffic = { eventsSent: 0 };
  const scavenges: ScavengeRecord[] = [];
  const scavengeAccess = { refuse: false };
  const server = new Server();
  server.addService(OperationsService, { startScavenge: startScavengeHandler(log, scavenges, scavengeAccess) });
  server.addService(StreamsService, {
    delete: deleteHandler(log),
    read: readHandler(log, options.goingLiveCheckpoint ?? 'none', scripted, traffic),
    append: appendHandler(log, { ignoreExpectedRevision: options.ignoreExpectedRevision }),
  });
  const port = await bind(server, options.port ?? 0);
  let stopped = false;
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    traffic,
    scavenges,
    refuseScavenges: (refuse) => {
      scavengeAccess.refuse = refuse;
    },
    sendCheckpoint: (position) => {
      for (const send of scripted) {
        send(position);
      }
    },
    stop: async () => {
      if (!stopped) {
        stopped = true;
        server.forceShutdown();
        // Let the closed sockets' events run before a caller rebinds the port.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

async function bind(server: Server, port: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
          error ? reject(error) : resolve(bound),
        ),
      );
    } catch (error) {
      // A fixed port may still be held for a moment by the stand-in that just stopped.
      if (port === 0 || attempt >= 20) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
