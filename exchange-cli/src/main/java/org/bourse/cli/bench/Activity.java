package org.bourse.cli.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the journal, the snapshot store and the JVM's garbage collectors had done by some moment;
 * the difference of two readings is what they did in between. It explains a run's numbers: the
 * forces are the batches, and the worst latencies usually coincide with a snapshot or a collection.
 *
 * @param forces journal fsyncs
 * @param forceNanos time spent in them
 * @param journalBytes bytes written to the journal
 * @param snapshots snapshots written
 * @param snapshotNanos time spent writing them, on the engine thread
 * @param collections garbage collections, of all collectors
 * @param collectionMillis their accumulated elapsed time as the collectors report it
 */
record Activity(
    long forces,
    long forceNanos,
    long journalBytes,
    long snapshots,
    long snapshotNanos,
    long collections,
    long collectionMillis) {

  static Activity now(CountingChannel.Counters journal, TimedSnapshots snapshots) {
    long collections = 0;
    long collectionMillis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      // -1 means the collector cannot tell; such a collector adds nothing we could report.
      collections += Math.max(0, collector.getCollectionCount());
      collectionMillis += Math.max(0, collector.getCollectionTime());
    }
    return new Activity(
        journal.forces.get(),
        journal.forceNanos.get(),
        journal.bytesWritten.get(),
        snapshots.written(),
        snapshots.writeNanos(),
        collections,
        collectionMillis);
  }

  /** What happened between {@code earlier} and this reading. */
  Activity since(Activity earlier) {
    return new Activity(
        forces - earlier.forces,
        forceNanos - earlier.forceNanos,
        journalBytes - earlier.journalBytes,
        snapshots - earlier.snapshots,
        snapshotNanos - earlier.snapshotNanos,
        collections - earlier.collections,
        collectionMillis - earlier.collectionMillis);
  }
}
