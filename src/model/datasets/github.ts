import { z } from 'zod';

/** A user as the org member lists return it, trimmed to what checks use. */
export const GithubUserSchema = z.object({
  login: z.string(),
  id: z.number().int(),
  type: z.string().optional(),
});
export type GithubUser = z.infer<typeof GithubUserSchema>;

/**
 * `GET /orgs/{org}`. Fields such as `two_factor_requirement_enabled` are only returned to org owners:
 * absent means unknown, never false.
 */
export const GithubOrgSchema = z.object({
  login: z.string(),
  id: z.number().int(),
  name: z.string().nullable().optional(),
  plan: z.string().optional(),
  two_factor_requirement_enabled: z.boolean().nullable().optional(),
  default_repository_permission: z.string().nullable().optional(),
  members_can_create_repositories: z.boolean().nullable().optional(),
});
export type GithubOrg = z.infer<typeof GithubOrgSchema>;

export const githubDatasets = {
  'github.org': GithubOrgSchema,
  'github.members': z.array(GithubUserSchema),
  /** `GET /orgs/{org}/members?filter=2fa_disabled`: owners only. */
  'github.membersWithout2fa': z.array(GithubUserSchema),
  'github.owners': z.array(GithubUserSchema),
};
