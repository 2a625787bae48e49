/**
 * Schemas a business page declares in its data.ts: the search form, the table columns and the
 * edit form. ListPage and SchemaForm render them.
 */
import type { Component, MaybeRefOrGetter } from 'vue'
import type { FormItemRule } from 'element-plus'
import type { Option } from '@/constants/dicts'

export type { Option }

export type Model = Record<string, any>

/** A field of a search form. `prop` is the key in the search form object. */
export interface SearchField {
  prop: string
  label: string
  type: 'input' | 'select' | 'datetimerange' | 'daterange' | 'component'
  placeholder?: string
  options?: MaybeRefOrGetter<Option[]>
  /** Select: let the user type a value that is not in the list. */
  allowCreate?: boolean
  /** type 'component': the control, bound with v-model. */
  component?: Component
  props?: Record<string, unknown>
  /** Control width; the default suits a short text. */
  width?: string
  /** Left out when it returns false (e.g. a filter only some roles need). */
  visible?: () => boolean
}

/** A column of a list table. */
export interface TableColumn<T = any> {
  label: string
  prop?: string
  width?: number | string
  minWidth?: number | string
  fixed?: 'left' | 'right'
  align?: 'left' | 'center' | 'right'
  /** Text of the cell; defaults to the prop's value, or — when empty. */
  formatter?: (row: T) => string
  /** Shows the cell as an el-tag. */
  tag?: (row: T) => { text: string; type?: 'primary' | 'success' | 'warning' | 'danger' | 'info' }
  /** Name of a slot of ListPage that renders the cell: `<template #cell-NAME="{ row }">`. */
  slot?: string
  /** Long text ends with … and shows whole in a tooltip; on by default. */
  tooltip?: boolean
  /** Left out when it returns false (e.g. an action column the user has no right to). */
  visible?: () => boolean
}

export type FormMode = 'create' | 'edit'

/** A field of an edit form. */
export interface FormField<M extends Model = Model> {
  prop: keyof M & string
  label: string
  type: 'input' | 'password' | 'textarea' | 'select' | 'switch' | 'checkbox' | 'component'
  placeholder?: string
  options?: MaybeRefOrGetter<Option[]>
  rules?: FormItemRule[]
  /** Help text under the control. */
  hint?: string
  /** Switch: the words shown beside it. */
  activeText?: string
  inactiveText?: string
  /** Checkbox: its text (the label column stays empty). */
  text?: string
  maxlength?: number
  component?: Component
  /** Props of the component; may depend on the rest of the form. */
  props?: (model: M, mode: FormMode) => Record<string, unknown>
  /** Hidden fields are neither shown nor validated. */
  visible?: (model: M, mode: FormMode) => boolean
  disabled?: (model: M, mode: FormMode) => boolean
  /** Called after the user changes the value (e.g. to clear a dependent field). */
  onChange?: (model: M, value: unknown) => void
}

/** What SchemaForm exposes to its parent through a template ref. */
export interface SchemaFormExpose {
  validate: () => Promise<boolean>
  clearValidate: () => void
}
