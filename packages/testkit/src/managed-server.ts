/** A NATS or Redis server a test can use; `external` ones are not ours to stop. */
export interface ManagedServer {
  url: string;
  port: number;
  external: boolean;
  /** Stops the server, keeping its data dir. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data dir. */
  restart(): Promise<void>;
  /** Stops for good and removes the temp dir; a no-op for external servers. */
  close(): Promise<void>;
}
