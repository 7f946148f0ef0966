/** The part of an `AWS::ECS::TaskDefinition` container definition the tests read. */
export interface ContainerDefinition {
  Name?: string;
  Image?: unknown;
  Essential?: boolean;
  StopTimeout?: number;
  Environment?: { Name: string; Value: unknown }[];
  LogConfiguration?: { LogDriver: string; Options: Record<string, unknown> };
  FirelensConfiguration?: { Type: string; Options?: Record<string, unknown> };
  DependsOn?: { ContainerName: string; Condition: string }[];
}

/** Every container definition of a task definition, by container name. */
export function containersOf(
  task: { Properties: Record<string, unknown> } | undefined,
): Map<string, ContainerDefinition> {
  const definitions = (task?.Properties.ContainerDefinitions ?? []) as ContainerDefinition[];
  return new Map(definitions.map((d) => [String(d.Name), d]));
}

/** The consumer's own container of a task definition (`consumer`), beside its log router. */
export function consumerContainerOf(
  task: { Properties: Record<string, unknown> } | undefined,
): ContainerDefinition | undefined {
  return containersOf(task).get("consumer");
}
