-- 0007 the built-in user policy also covers the forms that change every forward or service at once
-- (`PUT /users/me/forwards`, as the Wazo clients send a user's forward options).
UPDATE auth_policy SET acl = acl || ARRAY['confd.users.me.forwards.update', 'confd.users.me.services.update']
WHERE slug = 'default-user' AND read_only AND NOT ('confd.users.me.forwards.update' = ANY(acl));
