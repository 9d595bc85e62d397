import * as rds from 'aws-cdk-lib/aws-rds';

/** Database engines HaDatabase runs. */
export enum DatabaseEngine {
  POSTGRES = 'postgres',
  MYSQL = 'mysql',
}

/**
 * How the database survives losing an AZ.
 *
 * - MULTI_AZ_INSTANCE: an RDS instance with a synchronous standby in another AZ (failover in
 *   about 60-120 s) plus read replicas, each in its own AZ.
 * - AURORA_CLUSTER: an Aurora cluster whose storage is replicated six ways over three AZs, with a
 *   writer and readers spread over the AZs; a reader is promoted on failure (about 30 s).
 *
 * Failover times: RDS User Guide "Multi-AZ DB instance deployments" and Aurora User Guide
 * "High availability for Amazon Aurora", read 2026-11.
 */
export enum DatabaseTopology {
  MULTI_AZ_INSTANCE = 'multi-az-instance',
  AURORA_CLUSTER = 'aurora-cluster',
}

/** What differs between engines, in one place. */
export interface EngineSettings {
  readonly instanceEngine: rds.IInstanceEngine;
  readonly clusterEngine: rds.IClusterEngine;
  /** The parameter that makes the server refuse connections without TLS. */
  readonly tlsParameters: Record<string, string>;
  /** Logs exported to CloudWatch Logs by an RDS instance. */
  readonly instanceLogExports: string[];
  /** Logs exported to CloudWatch Logs by an Aurora cluster. */
  readonly clusterLogExports: string[];
}

/** What a team may ask for as `engineVersion`, per engine and topology, with an example (RDS and Aurora release calendars, read 2026-11). */
const VERSION_FORMATS: Record<DatabaseEngine, Record<DatabaseTopology, { pattern: RegExp; example: string; what: string }>> = {
  [DatabaseEngine.POSTGRES]: {
    [DatabaseTopology.MULTI_AZ_INSTANCE]: {
      pattern: /^(1[4-8])(\.\d+)?$/,
      example: '16',
      what: 'a PostgreSQL major 14 to 18, optionally with its minor (16.4)',
    },
    [DatabaseTopology.AURORA_CLUSTER]: { pattern: /^(1[4-7])\.\d+$/, example: '16.6', what: 'an Aurora PostgreSQL version 14.x to 17.x' },
  },
  [DatabaseEngine.MYSQL]: {
    [DatabaseTopology.MULTI_AZ_INSTANCE]: { pattern: /^(8\.0|8\.4)\.\d+$/, example: '8.0.40', what: 'a full MySQL 8.0 or 8.4 version' },
    [DatabaseTopology.AURORA_CLUSTER]: {
      pattern: /^3\.\d{2}\.\d+$/,
      example: '3.08.2',
      what: 'an Aurora MySQL 3 version (MySQL 8.0 compatible)',
    },
  },
};

/** The problem with an `engineVersion`, or undefined when it is one this library can build. */
export function engineVersionProblem(engine: DatabaseEngine, topology: DatabaseTopology, version: string | undefined): string | undefined {
  const format = VERSION_FORMATS[engine]?.[topology];
  if (version === undefined || !format || format.pattern.test(version)) {
    return undefined;
  }
  return `engineVersion is '${version}'; for ${engine} (${topology}) give ${format.what}, e.g. '${format.example}'`;
}

/**
 * Engine versions. PostgreSQL takes the major version only by default, so that RDS creates the
 * newest minor it still offers; MySQL and Aurora need a full version (CloudFormation's schema
 * lists the ones AWS still creates, and the validator checks against it). Auto minor upgrades
 * keep all current. A given `version` (checked by {@link engineVersionProblem}) replaces the
 * default; the parameter group's family follows from its major version, so an 8.0 database
 * gets a `mysql8.0` group.
 */
export function engineSettings(engine: DatabaseEngine, version?: string): EngineSettings {
  switch (engine) {
    case DatabaseEngine.POSTGRES:
      return {
        instanceEngine: rds.DatabaseInstanceEngine.postgres({
          version: version ? rds.PostgresEngineVersion.of(version, version.split('.')[0]) : rds.PostgresEngineVersion.VER_17,
        }),
        clusterEngine: rds.DatabaseClusterEngine.auroraPostgres({
          version: version ? rds.AuroraPostgresEngineVersion.of(version, version.split('.')[0]) : rds.AuroraPostgresEngineVersion.VER_17_7,
        }),
        tlsParameters: { 'rds.force_ssl': '1' },
        instanceLogExports: ['postgresql', 'upgrade'],
        clusterLogExports: ['postgresql'],
      };
    case DatabaseEngine.MYSQL:
      return {
        instanceEngine: rds.DatabaseInstanceEngine.mysql({
          version: version?.startsWith('8.')
            ? rds.MysqlEngineVersion.of(version, version.split('.').slice(0, 2).join('.'))
            : rds.MysqlEngineVersion.VER_8_4_10,
        }),
        clusterEngine: rds.DatabaseClusterEngine.auroraMysql({
          version: version?.startsWith('3.')
            ? rds.AuroraMysqlEngineVersion.of(`8.0.mysql_aurora.${version}`, '8.0')
            : rds.AuroraMysqlEngineVersion.VER_3_10_4,
        }),
        tlsParameters: { require_secure_transport: 'ON' },
        instanceLogExports: ['error', 'slowquery'],
        clusterLogExports: ['error', 'slowquery'],
      };
  }
}
