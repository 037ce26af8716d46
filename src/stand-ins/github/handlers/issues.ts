/**
 * The Issues endpoints the bot uses on pull requests: comments (list, create) and adding labels. The fake has
 * no plain issues, so an issue number must be a pull request's. Labels unknown to the repository are created, as
 * GitHub does; names match case-insensitively.
 */
import {
  bodyOf,
  callerLogin,
  notFound,
  numberParam,
  optionalParam,
  paginate,
  repoOf,
  type Handler,
  type HandlerContext,
} from '../handler-kit.js';
import { presentLabel } from '../present-common.js';
import { presentComment } from '../present-pull.js';
import type { PullRecord, RepoState } from '../repo-state.js';

function issueOf(context: HandlerContext, repo: RepoState): PullRecord {
  const pull = repo.pulls.get(numberParam(context, 'issue_number'));
  if (pull === undefined) notFound();
  return pull;
}

const listComments: Handler = (context) => {
  const repo = repoOf(context);
  const issue = issueOf(context, repo);
  const since = optionalParam(context, 'since');
  const comments = (repo.comments.get(issue.number) ?? []).filter(
    (comment) => since === undefined || Date.parse(comment.updatedAt) >= Date.parse(since),
  );
  return paginate(context, comments, (comment) => presentComment(context.state, repo, issue.number, comment));
};

const createComment: Handler = (context) => {
  const repo = repoOf(context);
  const issue = issueOf(context, repo);
  const now = context.state.nowIso();
  const comment = {
    id: context.state.nextId(),
    body: bodyOf<{ body: string }>(context).body,
    user: callerLogin(context.caller),
    createdAt: now,
    updatedAt: now,
  };
  const list = repo.comments.get(issue.number) ?? [];
  list.push(comment);
  repo.comments.set(issue.number, list);
  const body = presentComment(context.state, repo, issue.number, comment);
  return { status: 201, body, headers: { location: String(body['url']) } };
};

type LabelInput = string | { name: string };

const addLabels: Handler = (context) => {
  const repo = repoOf(context);
  const issue = issueOf(context, repo);
  const { labels = [] } = bodyOf<{ labels?: LabelInput[] }>(context);
  for (const input of labels) {
    const label = repo.ensureLabel(typeof input === 'string' ? input : input.name, () =>
      context.state.nextId(),
    );
    if (!issue.labels.some((name) => name.toLowerCase() === label.name.toLowerCase()))
      issue.labels.push(label.name);
  }
  issue.updatedAt = context.state.nowIso();
  const body = issue.labels.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label === undefined ? [] : [presentLabel(context.state, repo, label)];
  });
  return { status: 200, body };
};

export const issueHandlers: Record<string, Handler> = {
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/add-labels': addLabels,
};
