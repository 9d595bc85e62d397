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

/**
 * Engine versions. PostgreSQL takes the major version only, so that RDS creates the newest minor
 * it still offers; MySQL and Aurora need a full version (CloudFormation's schema lists the ones
 * AWS still creates, and the validator checks against it). Auto minor upgrades keep all current.
 */
export function engineSettings(engine: DatabaseEngine): EngineSettings {
  switch (engine) {
    case DatabaseEngine.POSTGRES:
      return {
        instanceEngine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
        clusterEngine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_7 }),
        tlsParameters: { 'rds.force_ssl': '1' },
        instanceLogExports: ['postgresql', 'upgrade'],
        clusterLogExports: ['postgresql'],
      };
    case DatabaseEngine.MYSQL:
      return {
        instanceEngine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }),
        clusterEngine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_4 }),
        tlsParameters: { require_secure_transport: 'ON' },
        instanceLogExports: ['error', 'slowquery'],
        clusterLogExports: ['error', 'slowquery'],
      };
  }
}
